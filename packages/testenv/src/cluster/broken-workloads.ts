/**
 * A "broken world" on the simulated cluster: one namespace (plus two nodes)
 * where each diagnostics case of issue 16 is present once, with the finding
 * id it must produce and the object that finding is about.
 *
 * kwok runs pods but never fails them, so failures are written the way a
 * kubelet reports them (container statuses through the status subresource,
 * Events with the kubelet's words) once kwok has started the pod (a pod with
 * an IP is left alone by kwok). What the real control plane decides itself
 * is left to it: the scheduler's FailedScheduling (resources, taints, an
 * unbound claim), the PV controller's ProvisioningFailed, the EndpointSlice
 * controller's empty endpoints. Two nodes are added, created with their
 * status: one under MemoryPressure (a kwok node: kwok renews its lease and
 * runs its pods, and leaves a Ready node's conditions alone), one NotReady
 * (its node Lease is made first and held by this world, so kwok treats the
 * node as another kubelet's and leaves it be; with the lease never renewed,
 * the node controller reports it Unknown after its grace period, still not ready).
 */
import type { ObjectRef } from "@clustercord/contracts";
import { type RunningPod, simulateCrashLoop } from "./broken-pods";

type Kubectl = (args: string[], input?: string) => Promise<string>;

export type BrokenCategory =
  | "crash-loop"
  | "image-pull"
  | "probe"
  | "eviction"
  | "node"
  | "storage"
  | "config"
  | "scheduling"
  | "service"
  | "network-policy";

/** What diagnostics.run is asked about to see the finding (the procedure's target shape). */
export type RunTarget =
  | { kind: "Deployment" | "Pod"; namespace: string; name: string }
  | { kind: "Node"; name: string }
  | { kind: "Namespace"; name: string };

export interface ExpectedFinding {
  /** The case's short name, e.g. "crash-137". */
  key: string;
  category: BrokenCategory;
  /** The finding id the analyzers must produce. */
  id: string;
  /** The object the finding is about (pods' findings: their Deployment). */
  target: ObjectRef;
  /** Where to run diagnostics.run to get it. */
  run: RunTarget;
  /** Matches the finding's evidence (labels and values, one per line). */
  evidence: RegExp;
}

export interface BrokenWorld {
  namespace: string;
  /** The two nodes this world added: NotReady, and MemoryPressure. */
  nodes: { notReady: string; pressure: string };
  expected: ExpectedFinding[];
  /** Deletes the namespace (waiting for it) and the nodes. Idempotent. */
  cleanup(): Promise<void>;
}

export interface BrokenWorldOptions {
  /** Also add the two broken nodes (needs permission to create nodes; default true). */
  nodes?: boolean;
  /** How long to wait for kwok to start the pods (default 90 s). */
  timeoutMs?: number;
}

const IMAGE = "ghcr.io/acme/api:2.4.1";

/** Crash loops: the exit code and the kubelet's termination reason. */
const CRASHES = [
  { code: 1, reason: "Error", slug: "app-error" },
  { code: 126, reason: "ContainerCannotRun", slug: "not-executable" },
  { code: 127, reason: "ContainerCannotRun", slug: "command-not-found" },
  { code: 137, reason: "OOMKilled", slug: "oom-killed" },
  { code: 139, reason: "Error", slug: "segfault" },
  { code: 143, reason: "Error", slug: "terminated" },
] as const;

/** Image pull errors, with what containerd / the registry answer (as the kubelet passes it on). */
const PULLS = [
  {
    key: "unauthorized",
    image: "registry.acme.example/private/api:2.4.1",
    waiting: "ImagePullBackOff",
    message: (image: string) =>
      `Failed to pull image "${image}": failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://registry.acme.example/token?scope=repository%3Aprivate%2Fapi%3Apull: 401 Unauthorized`,
  },
  {
    key: "not-found",
    image: "ghcr.io/acme/api:9.9.9",
    waiting: "ErrImagePull",
    message: (image: string) =>
      `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`,
  },
  {
    key: "bad-name",
    image: "ghcr.io/Acme/API:latest",
    waiting: "InvalidImageName",
    message: (image: string) =>
      `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format: repository name must be lowercase`,
  },
  {
    key: "rate-limited",
    image: "docker.io/library/nginx:1.27",
    waiting: "ImagePullBackOff",
    message: (image: string) =>
      `Failed to pull image "${image}": failed to pull and unpack image "${image}": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/1.27: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.`,
  },
] as const;

function deployment(
  ns: string,
  name: string,
  container: Record<string, unknown>,
  pod: Record<string, unknown> = {},
) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns, labels: { "clustercord.dev/broken": name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          // Not rescheduled onto the broken nodes (and nothing else of a test lands there: they are tainted).
          terminationGracePeriodSeconds: 0,
          ...pod,
          containers: [
            {
              name: "app",
              image: IMAGE,
              ports: [{ name: "http", containerPort: 8080 }],
              resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
              ...container,
            },
          ],
        },
      },
    },
  };
}

/** kwok manages a node only while it holds its Lease: one held by someone else keeps kwok away. */
const LEASE_HOLDER = "clustercord-broken-world";

function heldLease(nodeName: string) {
  const micro = new Date().toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: nodeName, namespace: "kube-node-lease" },
    spec: {
      holderIdentity: LEASE_HOLDER,
      leaseDurationSeconds: 86_400,
      acquireTime: micro,
      renewTime: micro,
    },
  };
}

const brokenTaint = { key: "clustercord.dev/broken", value: "true", effect: "NoSchedule" };

function node(name: string, pressure: boolean, at: string) {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: {
        "kwok.x-k8s.io/node": "fake",
        "node.alpha.kubernetes.io/ttl": "0",
      },
      labels: {
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        type: "kwok",
        "clustercord.dev/broken": pressure ? "pressure" : "not-ready",
      },
    },
    spec: { taints: [brokenTaint] },
    // Created with its status: kwok initializes only nodes that are not Ready, and its heartbeat
    // rewrites only nodes in phase Running, so a Ready node under pressure keeps its conditions.
    status: nodeStatus(pressure, at),
  };
}

function nodeStatus(pressure: boolean, at: string) {
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
  });
  return {
    capacity: { cpu: "4", memory: "8Gi", pods: "110", "ephemeral-storage": "100Gi" },
    allocatable: { cpu: "4", memory: "7680Mi", pods: "110", "ephemeral-storage": "100Gi" },
    nodeInfo: { architecture: "amd64", operatingSystem: "linux", kubeletVersion: "v1.37.2" },
    conditions: pressure
      ? [
          condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
          condition(
            "MemoryPressure",
            "True",
            "KubeletHasInsufficientMemory",
            "kubelet has insufficient memory available",
          ),
          condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
          condition(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
          ),
        ]
      : [
          condition(
            "Ready",
            "False",
            "KubeletNotReady",
            "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
          ),
          condition(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
          ),
          condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
          condition(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
          ),
        ],
  };
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

async function patchStatus(kubectl: Kubectl, ns: string, kind: string, name: string, status: unknown) {
  await kubectl([
    "patch",
    kind,
    name,
    ...(ns ? ["-n", ns] : []),
    "--subresource=status",
    "--type=merge",
    "-p",
    JSON.stringify({ status }),
  ]);
}

/** An Event as the kubelet records it about a pod (or a node), container named in fieldPath. */
function podEvent(
  ns: string,
  pod: RunningPod,
  e: { reason: string; message: string; container?: string; count?: number },
) {
  const at = now();
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: `${pod.metadata.name}.${Math.random().toString(16).slice(2, 10)}`,
      namespace: ns,
    },
    involvedObject: {
      apiVersion: "v1",
      kind: "Pod",
      namespace: ns,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      ...(e.container ? { fieldPath: `spec.containers{${e.container}}` } : {}),
    },
    reason: e.reason,
    message: e.message,
    type: "Warning",
    count: e.count ?? 1,
    firstTimestamp: at,
    lastTimestamp: at,
    source: { component: "kubelet", host: pod.spec.nodeName ?? "" },
  };
}

/** A container that waits (image pull, config error) as the kubelet reports it: pod Pending, not ready. */
function waitingStatus(pod: RunningPod, image: string, reason: string, message: string) {
  const at = now();
  return {
    phase: "Pending",
    conditions: [
      { type: "PodScheduled", status: "True", lastTransitionTime: pod.status?.startTime ?? at },
      { type: "Initialized", status: "True", lastTransitionTime: at },
      { type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: at },
      { type: "ContainersReady", status: "False", reason: "ContainersNotReady", lastTransitionTime: at },
    ],
    containerStatuses: [
      {
        name: "app",
        image,
        imageID: "",
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason, message } },
      },
    ],
  };
}

/** A running container whose readiness is false (a failing readiness probe keeps it out of the endpoints). */
function notReadyStatus(pod: RunningPod) {
  const at = now();
  return {
    phase: "Running",
    conditions: [
      { type: "PodScheduled", status: "True", lastTransitionTime: pod.status?.startTime ?? at },
      { type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: at },
      { type: "ContainersReady", status: "False", reason: "ContainersNotReady", lastTransitionTime: at },
    ],
    containerStatuses: [
      {
        name: "app",
        image: IMAGE,
        imageID: "",
        ready: false,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: pod.status?.startTime ?? at } },
      },
    ],
  };
}

/** Pods of the given Deployments (by their `app` label) once kwok has started each, waiting up to `timeoutMs`. */
async function runningPods(
  kubectl: Kubectl,
  ns: string,
  apps: readonly string[],
  timeoutMs: number,
): Promise<Map<string, RunningPod>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = JSON.parse(await kubectl(["get", "pods", "-n", ns, "-o", "json"])) as {
      items: (RunningPod & { metadata: { labels?: Record<string, string> } })[];
    };
    const found = new Map<string, RunningPod>();
    for (const p of list.items) {
      const app = p.metadata.labels?.app;
      if (app && p.status?.podIP && !found.has(app)) found.set(app, p);
    }
    if (apps.every((a) => found.has(a))) return found;
    if (Date.now() > deadline)
      throw new Error(
        `broken world: kwok started no pod for ${apps.filter((a) => !found.has(a)).join(", ")} in ${ns} after ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Creates the broken world in `namespace` (created here; it must not exist)
 * and returns, for each case, the finding diagnostics must produce.
 * Node names derive from the namespace, so two worlds can coexist.
 */
export async function createBrokenWorld(
  kubectl: Kubectl,
  namespace: string,
  options: BrokenWorldOptions = {},
): Promise<BrokenWorld> {
  const ns = namespace;
  const withNodes = options.nodes ?? true;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const nodes = { notReady: `${ns}-notready`, pressure: `${ns}-pressure` };
  let cleaned = false;
  const world: BrokenWorld = {
    namespace: ns,
    nodes,
    expected: [],
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      // Deleted without kubectl's --wait (the kubectl helper gives up after 60 s, and a loaded
      // machine's namespace controller may take longer), then waited for here.
      await kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
      if (withNodes) {
        await kubectl([
          "delete",
          "node",
          nodes.notReady,
          nodes.pressure,
          "--ignore-not-found",
          "--wait=false",
        ]);
        await kubectl(["delete", "lease", nodes.notReady, "-n", "kube-node-lease", "--ignore-not-found"]);
      }
      const left = [
        `namespace/${ns}`,
        ...(withNodes ? [`node/${nodes.notReady}`, `node/${nodes.pressure}`] : []),
      ];
      const deadline = Date.now() + 240_000;
      for (;;) {
        const remaining = (await kubectl(["get", ...left, "--ignore-not-found", "-o", "name"])).trim();
        if (!remaining) return;
        if (Date.now() > deadline)
          throw new Error(`broken world: still there after 240 s: ${remaining.replace(/\n/g, ", ")}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  };
  const expect = (e: ExpectedFinding) => world.expected.push(e);
  const deploymentRef = (name: string): ObjectRef => ({ kind: "Deployment", namespace: ns, name });
  const runDeployment = (name: string): RunTarget => ({ kind: "Deployment", namespace: ns, name });

  const objects: unknown[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }];
  const started: string[] = [];

  for (const c of CRASHES) {
    const name = `crash-${c.code}`;
    objects.push(deployment(ns, name, {}));
    started.push(name);
    expect({
      key: name,
      category: "crash-loop",
      id: `pod.crash-loop.${c.slug}`,
      target: deploymentRef(name),
      run: runDeployment(name),
      evidence:
        c.code === 137 ? /exitCode: 137[\s\S]*OOMKilled[\s\S]*128Mi/ : new RegExp(`exitCode: ${c.code}\\b`),
    });
  }
  for (const p of PULLS) {
    const name = `pull-${p.key}`;
    objects.push(deployment(ns, name, { image: p.image }));
    started.push(name);
    expect({
      key: name,
      category: "image-pull",
      id: `pod.image-pull.${p.key}`,
      target: deploymentRef(name),
      run: runDeployment(name),
      evidence: new RegExp(`${p.waiting}: `),
    });
  }

  // Probes: the liveness probe times out, the readiness probe's port refuses.
  objects.push(
    deployment(ns, "probe-liveness", {
      livenessProbe: { httpGet: { path: "/healthz", port: 8080 }, timeoutSeconds: 1, periodSeconds: 10 },
    }),
    deployment(ns, "probe-readiness", {
      readinessProbe: { httpGet: { path: "/ready", port: 8080 }, timeoutSeconds: 2, periodSeconds: 5 },
    }),
  );
  started.push("probe-liveness", "probe-readiness");
  expect({
    key: "probe-liveness",
    category: "probe",
    id: "pod.probe.liveness-failing",
    target: deploymentRef("probe-liveness"),
    run: runDeployment("probe-liveness"),
    evidence:
      /:8080\/healthz": context deadline exceeded[\s\S]*GET \/healthz on port 8080[\s\S]*timeoutSeconds 1,/,
  });
  expect({
    key: "probe-readiness",
    category: "probe",
    id: "pod.probe.readiness-failing",
    target: deploymentRef("probe-readiness"),
    run: runDeployment("probe-readiness"),
    evidence:
      /:8080\/ready": dial tcp [\d.]+:8080: connect: connection refused[\s\S]*GET \/ready on port 8080/,
  });

  // Missing ConfigMap and Secret references.
  objects.push(
    deployment(ns, "config-configmap", { envFrom: [{ configMapRef: { name: "api-settings" } }] }),
    deployment(ns, "config-secret", {
      env: [
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db-credentials", key: "password" } } },
      ],
    }),
  );
  started.push("config-configmap", "config-secret");
  expect({
    key: "config-configmap",
    category: "config",
    id: "pod.config.missing-configmap",
    target: deploymentRef("config-configmap"),
    run: runDeployment("config-configmap"),
    evidence: /CreateContainerConfigError: configmap "api-settings" not found/,
  });
  expect({
    key: "config-secret",
    category: "config",
    id: "pod.config.missing-secret",
    target: deploymentRef("config-secret"),
    run: runDeployment("config-secret"),
    evidence: /CreateContainerConfigError: secret "db-credentials" not found/,
  });

  // Services: one selects the crash-looping (not ready) pods, one selects nothing.
  objects.push(
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "api", namespace: ns },
      spec: { selector: { app: "crash-1" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "checkout", namespace: ns },
      spec: { selector: { app: "checkout-v2" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    },
  );
  expect({
    key: "service-no-endpoints",
    category: "service",
    id: "service.no-endpoints",
    target: { kind: "Service", namespace: ns, name: "api" },
    run: runDeployment("crash-1"),
    evidence: /ready endpoints: 0/,
  });
  expect({
    key: "service-selector",
    category: "service",
    id: "service.selector-no-match",
    target: { kind: "Service", namespace: ns, name: "checkout" },
    run: { kind: "Namespace", name: ns },
    evidence: /app=checkout-v2/,
  });

  // A NetworkPolicy that selects web's pods and lets nothing in: web's Service is unreachable.
  objects.push(
    deployment(ns, "web", {}),
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: ns },
      spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "deny-web", namespace: ns },
      spec: { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"] },
    },
  );
  started.push("web");
  expect({
    key: "network-policy",
    category: "network-policy",
    id: "pod.network-policy.blocks-service",
    target: deploymentRef("web"),
    run: runDeployment("web"),
    evidence: /deny-web[\s\S]*denies all ingress/,
  });

  // Scheduling, decided by the real scheduler: too much CPU; and a node whose taint the pod does not tolerate.
  objects.push(
    deployment(ns, "sched-resources", {
      resources: { requests: { cpu: "64", memory: "32Mi" }, limits: { memory: "128Mi" } },
    }),
  );
  expect({
    key: "sched-resources",
    category: "scheduling",
    id: "pod.unschedulable.insufficient-resources",
    target: deploymentRef("sched-resources"),
    run: runDeployment("sched-resources"),
    evidence: /Insufficient cpu/,
  });
  if (withNodes) {
    objects.push(
      deployment(ns, "sched-taint", {}, { nodeSelector: { "kubernetes.io/hostname": nodes.pressure } }),
    );
    expect({
      key: "sched-taint",
      category: "scheduling",
      id: "pod.unschedulable.untolerated-taint",
      target: deploymentRef("sched-taint"),
      run: runDeployment("sched-taint"),
      evidence: /untolerated taint/,
    });
  }

  // Storage: a claim for a StorageClass that does not exist, and a Deployment that mounts it.
  objects.push(
    {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: ns },
      spec: {
        accessModes: ["ReadWriteOnce"],
        storageClassName: "fast-ssd",
        resources: { requests: { storage: "10Gi" } },
      },
    },
    deployment(
      ns,
      "db",
      { volumeMounts: [{ name: "data", mountPath: "/var/lib/data" }] },
      { volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] },
    ),
  );
  const pvc: ObjectRef = { kind: "PersistentVolumeClaim", namespace: ns, name: "data" };
  expect({
    key: "pvc-storage-class",
    category: "storage",
    id: "pvc.storage-class-missing",
    target: pvc,
    run: runDeployment("db"),
    evidence: /spec\.storageClassName: fast-ssd/,
  });
  expect({
    key: "pvc-not-bound",
    category: "storage",
    id: "pvc.not-bound",
    target: pvc,
    run: runDeployment("db"),
    evidence: /status\.phase: Pending/,
  });
  expect({
    key: "pvc-unschedulable",
    category: "storage",
    id: "pod.unschedulable.unbound-pvc",
    target: deploymentRef("db"),
    run: runDeployment("db"),
    evidence: /unbound immediate PersistentVolumeClaims/,
  });

  if (withNodes) {
    objects.push(node(nodes.notReady, false, now()), node(nodes.pressure, true, now()));
    // Evicted from the pressure node (bound there directly: nothing schedules onto the tainted node).
    objects.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "evicted", namespace: ns, labels: { app: "evicted" } },
      spec: {
        nodeName: nodes.pressure,
        tolerations: [{ operator: "Exists" }],
        terminationGracePeriodSeconds: 0,
        containers: [
          {
            name: "app",
            image: IMAGE,
            resources: { requests: { cpu: "10m", memory: "32Mi" } },
          },
        ],
      },
    });
    started.push("evicted");
    expect({
      key: "evicted",
      category: "eviction",
      id: "pod.evicted",
      target: { kind: "Pod", namespace: ns, name: "evicted" },
      run: { kind: "Pod", namespace: ns, name: "evicted" },
      evidence: /low on resource: memory[\s\S]*MemoryPressure/,
    });
    expect({
      key: "node-not-ready",
      category: "node",
      id: "node.not-ready",
      target: { kind: "Node", namespace: null, name: nodes.notReady },
      run: { kind: "Node", name: nodes.notReady },
      evidence: /status\.conditions\[Ready\]: (False|Unknown)/,
    });
    expect({
      key: "node-pressure",
      category: "node",
      id: "node.memory-pressure",
      target: { kind: "Node", namespace: null, name: nodes.pressure },
      run: { kind: "Node", name: nodes.pressure },
      evidence: /status\.conditions\[MemoryPressure\]: True/,
    });
  }

  try {
    // The NotReady node's Lease before the node, so kwok never takes the node over.
    if (withNodes) await kubectl(["apply", "-f", "-"], JSON.stringify(heldLease(nodes.notReady)));
    await kubectl(["apply", "-f", "-"], `${objects.map((o) => JSON.stringify(o)).join("\n---\n")}\n`);
    const pods = await runningPods(kubectl, ns, started, timeoutMs);
    const pod = (app: string) => {
      const p = pods.get(app);
      if (!p) throw new Error(`broken world: no pod for ${app}`);
      return p;
    };
    const events: unknown[] = [];
    const writes: Promise<unknown>[] = [];

    for (const c of CRASHES)
      writes.push(
        simulateCrashLoop(kubectl, ns, pod(`crash-${c.code}`), {
          container: "app",
          image: IMAGE,
          exitCode: c.code,
          reason: c.reason,
          restarts: 5,
        }),
      );
    for (const p of PULLS) {
      const target = pod(`pull-${p.key}`);
      const message = p.message(p.image);
      writes.push(
        patchStatus(
          kubectl,
          ns,
          "pod",
          target.metadata.name,
          waitingStatus(
            target,
            p.image,
            p.waiting,
            p.waiting === "InvalidImageName" ? message : `Back-off pulling image "${p.image}"`,
          ),
        ),
      );
      events.push(
        podEvent(ns, target, {
          reason: p.waiting === "InvalidImageName" ? "InspectFailed" : "Failed",
          message,
          container: "app",
          count: 4,
        }),
      );
    }

    const live = pod("probe-liveness");
    events.push(
      podEvent(ns, live, {
        reason: "Unhealthy",
        message: `Liveness probe failed: Get "http://${live.status?.podIP}:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        container: "app",
        count: 9,
      }),
    );
    const ready = pod("probe-readiness");
    writes.push(patchStatus(kubectl, ns, "pod", ready.metadata.name, notReadyStatus(ready)));
    events.push(
      podEvent(ns, ready, {
        reason: "Unhealthy",
        message: `Readiness probe failed: Get "http://${ready.status?.podIP}:8080/ready": dial tcp ${ready.status?.podIP}:8080: connect: connection refused`,
        container: "app",
        count: 31,
      }),
    );

    for (const [app, message] of [
      ["config-configmap", 'configmap "api-settings" not found'],
      ["config-secret", 'secret "db-credentials" not found'],
    ] as const) {
      const target = pod(app);
      writes.push(
        patchStatus(
          kubectl,
          ns,
          "pod",
          target.metadata.name,
          waitingStatus(target, IMAGE, "CreateContainerConfigError", message),
        ),
      );
      events.push(
        podEvent(ns, target, { reason: "Failed", message: `Error: ${message}`, container: "app", count: 6 }),
      );
    }

    if (withNodes) {
      const target = pod("evicted");
      const at = now();
      const message = `The node was low on resource: memory. Threshold quantity: 100Mi, available: 62Mi. Container app was using 1210Mi, request is 32Mi, has larger consumption of memory.`;
      writes.push(
        patchStatus(kubectl, ns, "pod", target.metadata.name, {
          phase: "Failed",
          reason: "Evicted",
          message,
          conditions: [
            { type: "PodScheduled", status: "True", lastTransitionTime: target.status?.startTime ?? at },
            { type: "Ready", status: "False", reason: "PodFailed", lastTransitionTime: at },
            {
              type: "DisruptionTarget",
              status: "True",
              reason: "TerminationByKubelet",
              message,
              lastTransitionTime: at,
            },
          ],
          containerStatuses: [
            {
              name: "app",
              image: IMAGE,
              imageID: "",
              ready: false,
              started: false,
              restartCount: 0,
              state: {
                terminated: { exitCode: 137, reason: "Error", startedAt: at, finishedAt: at },
              },
            },
          ],
        }),
      );
      events.push(podEvent(ns, target, { reason: "Evicted", message }));
    }

    writes.push(kubectl(["create", "-f", "-"], `${events.map((e) => JSON.stringify(e)).join("\n---\n")}\n`));
    await Promise.all(writes);
    return world;
  } catch (error) {
    await world.cleanup().catch(() => {});
    throw error;
  }
}
