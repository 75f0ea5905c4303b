/**
 * The demo's small world as plain Kubernetes objects (no I/O): a `shop` in
 * Acme Ops and a blog in Beta Team. demo-seed.ts applies them.
 */

export type KubeObject = { apiVersion: string; kind: string; metadata: Record<string, unknown> } & Record<
  string,
  unknown
>;

export const SHOP_NAMESPACE = "shop";
/** The seeded Secret's demo value (nothing real; registered with the leak check all the same). */
export const SHOP_DB_PASSWORD = "demo-shop-db-password-not-real";
const REGISTRY = "registry.example.com/acme";

/** The web Deployment's releases, oldest first: each is one ReplicaSet (rollout revision). */
export const WEB_RELEASES = [
  { image: `${REGISTRY}/shop-web:1.0.0`, cause: "release 1.0.0: first launch" },
  { image: `${REGISTRY}/shop-web:1.1.0`, cause: "release 1.1.0: faster checkout page" },
  { image: `${REGISTRY}/shop-web:1.2.0`, cause: "release 1.2.0: search box in the header" },
] as const;
export const CURRENT_WEB_RELEASE = WEB_RELEASES[WEB_RELEASES.length - 1] as (typeof WEB_RELEASES)[number];

/** The crash-looping Deployment (its pod's status is set by the seed: kwok's pods never fail). */
export const CRASHLOOP_APP = "payments";
/** The Deployment whose pod stays Pending: it asks for a node pool no node has. */
export const PENDING_APP = "search";
/** Restarts the crash-looping container shows. */
export const CRASHLOOP_RESTARTS = 6;

export const DEMO_STORAGE_CLASS = "demo-local";

const labels = (app: string, tier: string) => ({
  "app.kubernetes.io/name": app,
  "app.kubernetes.io/part-of": "shop",
  "app.kubernetes.io/component": tier,
});

interface Container {
  name: string;
  image: string;
  port?: number;
  cpu: string;
  memory: string;
  env?: boolean;
}

function container(c: Container) {
  return {
    name: c.name,
    image: c.image,
    ...(c.port ? { ports: [{ name: "http", containerPort: c.port }] } : {}),
    ...(c.env
      ? {
          envFrom: [{ configMapRef: { name: "shop-config" } }],
          env: [
            {
              name: "DB_PASSWORD",
              valueFrom: { secretKeyRef: { name: "shop-secrets", key: "db-password" } },
            },
          ],
        }
      : {}),
    resources: {
      requests: { cpu: c.cpu, memory: c.memory },
      limits: { memory: c.memory },
    },
  };
}

/** kwok's simulated usage (metrics.k8s.io) for a pod template. */
const usage = (cpu: string, memory: string) => ({
  "kwok.x-k8s.io/usage-cpu": cpu,
  "kwok.x-k8s.io/usage-memory": memory,
});

function deployment(o: {
  namespace: string;
  name: string;
  tier: string;
  replicas: number;
  containers: Container[];
  usage: Record<string, string>;
  annotations?: Record<string, string>;
  nodeSelector?: Record<string, string>;
}): KubeObject {
  const podLabels = labels(o.name, o.tier);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: o.name,
      namespace: o.namespace,
      labels: podLabels,
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      replicas: o.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { "app.kubernetes.io/name": o.name } },
      template: {
        metadata: { labels: podLabels, annotations: o.usage },
        spec: {
          ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
          containers: o.containers.map(container),
        },
      },
    },
  };
}

/** The web Deployment at one release (the seed walks through WEB_RELEASES for a rollout history). */
export function webDeployment(release: (typeof WEB_RELEASES)[number], namespace = SHOP_NAMESPACE) {
  return deployment({
    namespace,
    name: "web",
    tier: "frontend",
    replicas: 3,
    annotations: { "kubernetes.io/change-cause": release.cause },
    containers: [{ name: "web", image: release.image, port: 8080, cpu: "100m", memory: "128Mi" }],
    usage: usage("40m", "96Mi"),
  });
}

function service(
  namespace: string,
  name: string,
  port: number,
  targetPort: number | string,
  headless = false,
) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, labels: labels(name, "service") },
    spec: {
      ...(headless ? { clusterIP: "None" } : {}),
      selector: { "app.kubernetes.io/name": name },
      ports: [{ name: "main", port, targetPort }],
    },
  };
}

/**
 * Cluster-scoped pieces the shop's database needs, applied with the
 * cluster's admin credentials: kwok has no storage provisioner, so a
 * StorageClass without one and a PersistentVolume reserved for the
 * StatefulSet's claim `data-db-0` (the PV controller binds them).
 */
export function shopStorage(namespace = SHOP_NAMESPACE): KubeObject[] {
  return [
    {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: DEMO_STORAGE_CLASS },
      provisioner: "kubernetes.io/no-provisioner",
      reclaimPolicy: "Retain",
      volumeBindingMode: "Immediate",
    },
    {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: `${namespace}-db-data`, labels: { "app.kubernetes.io/part-of": "shop" } },
      spec: {
        capacity: { storage: "1Gi" },
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: DEMO_STORAGE_CLASS,
        hostPath: { path: `/var/lib/clustercord-demo/${namespace}-db` },
        claimRef: { namespace, name: "data-db-0" },
      },
    },
  ];
}

/** Everything in the shop namespace (web at its current release). */
export function shopWorld(namespace = SHOP_NAMESPACE): KubeObject[] {
  const appImage = (name: string, tag: string) => `${REGISTRY}/${name}:${tag}`;
  return [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "shop-config", namespace, labels: labels("shop", "config") },
      data: {
        LOG_LEVEL: "info",
        FEATURE_FLAGS: "new-checkout,search-suggestions",
        DB_HOST: "db-0.db",
        CURRENCY: "EUR",
      },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "shop-secrets", namespace, labels: labels("shop", "config") },
      type: "Opaque",
      stringData: { "db-password": SHOP_DB_PASSWORD },
    },
    webDeployment(CURRENT_WEB_RELEASE, namespace),
    deployment({
      namespace,
      name: "api",
      tier: "backend",
      replicas: 2,
      containers: [
        {
          name: "api",
          image: appImage("shop-api", "2.4.1"),
          port: 8080,
          cpu: "200m",
          memory: "256Mi",
          env: true,
        },
      ],
      usage: usage("120m", "210Mi"),
    }),
    deployment({
      namespace,
      name: "worker",
      tier: "backend",
      replicas: 1,
      containers: [
        { name: "worker", image: appImage("shop-worker", "2.4.1"), cpu: "100m", memory: "192Mi", env: true },
        // Containers named `sidecar` have their own log in the local cluster.
        { name: "sidecar", image: appImage("config-sync", "0.3.0"), cpu: "10m", memory: "32Mi" },
      ],
      usage: usage("85m", "150Mi"),
    }),
    deployment({
      namespace,
      name: CRASHLOOP_APP,
      tier: "backend",
      replicas: 1,
      containers: [
        {
          name: CRASHLOOP_APP,
          image: appImage("payments", "0.9.0-rc1"),
          port: 8080,
          cpu: "100m",
          memory: "128Mi",
          env: true,
        },
      ],
      usage: usage("5m", "40Mi"),
    }),
    deployment({
      namespace,
      name: PENDING_APP,
      tier: "backend",
      replicas: 1,
      // No node is in a "gpu" pool: the scheduler reports FailedScheduling.
      nodeSelector: { "clustercord.dev/pool": "gpu" },
      containers: [
        { name: PENDING_APP, image: appImage("search", "1.0.0"), port: 8080, cpu: "500m", memory: "512Mi" },
      ],
      usage: usage("0", "0"),
    }),
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "db", namespace, labels: labels("db", "database") },
      spec: {
        serviceName: "db",
        replicas: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": "db" } },
        template: {
          metadata: { labels: labels("db", "database"), annotations: usage("250m", "600Mi") },
          spec: {
            containers: [
              {
                ...container({ name: "postgres", image: "postgres:17.6", cpu: "250m", memory: "1Gi" }),
                ports: [{ name: "postgres", containerPort: 5432 }],
                env: [
                  {
                    name: "POSTGRES_PASSWORD",
                    valueFrom: { secretKeyRef: { name: "shop-secrets", key: "db-password" } },
                  },
                ],
                volumeMounts: [{ name: "data", mountPath: "/var/lib/postgresql/data" }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: "data" },
            spec: {
              accessModes: ["ReadWriteOnce"],
              storageClassName: DEMO_STORAGE_CLASS,
              resources: { requests: { storage: "1Gi" } },
            },
          },
        ],
      },
    },
    service(namespace, "web", 80, "http"),
    service(namespace, "api", 80, "http"),
    service(namespace, "db", 5432, 5432, true),
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "shop", namespace, labels: labels("shop", "ingress") },
      spec: {
        rules: [
          {
            host: "shop.demo.local",
            http: {
              paths: [
                {
                  path: "/api",
                  pathType: "Prefix",
                  backend: { service: { name: "api", port: { number: 80 } } },
                },
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "web", port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly-report", namespace, labels: labels("nightly-report", "batch") },
      spec: {
        schedule: "*/5 * * * *",
        concurrencyPolicy: "Forbid",
        successfulJobsHistoryLimit: 2,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          spec: {
            template: {
              metadata: { labels: labels("nightly-report", "batch") },
              spec: {
                restartPolicy: "OnFailure",
                containers: [
                  container({
                    name: "report",
                    image: appImage("shop-report", "2.4.1"),
                    cpu: "50m",
                    memory: "64Mi",
                  }),
                ],
              },
            },
          },
        },
      },
    },
  ];
}

/** Beta Team's small workload in its own namespace on the shared cluster. */
export function betaWorld(namespace: string): KubeObject[] {
  return [
    deployment({
      namespace,
      name: "blog",
      tier: "frontend",
      replicas: 2,
      containers: [{ name: "blog", image: "ghost:6.0", port: 2368, cpu: "100m", memory: "192Mi" }],
      usage: usage("30m", "140Mi"),
    }),
    service(namespace, "blog", 80, "http"),
  ];
}

/** The guild chart repository the demo adds to both servers (the local one, served by serveChartRepo). */
export const DEMO_CHART_REPO = "local";

/**
 * The Helm release the seed installs through the API (helm.planInstall then
 * helm.install), one version behind the newest so an upgrade is there to try.
 */
export const DEMO_RELEASE = {
  release: "shop-web",
  namespace: SHOP_NAMESPACE,
  chart: `${DEMO_CHART_REPO}/nginx`,
  version: "1.2.0",
  upgradeTo: "1.3.0",
} as const;
