import type { BlueprintKey } from "@clustercord/contracts";

/**
 * Cluster blueprints (guide feature 3) as data: which charts, at which
 * versions, with which values, in which order. The service installs each
 * component through the same plan/confirm path as a person's own install.
 */

/** Where a component's web UI is, for the DM after install. */
export interface ComponentUi {
  label: string;
  /** The Service the chart creates (`{release}` is replaced by the release name). */
  service: string;
  port: number;
  /** Path to append to the URL, e.g. "/" or "/argocd". */
  path?: string;
}

/** Default credentials a chart writes into a Secret, read after install for the DM only. */
export interface ComponentCredentials {
  label: string;
  /** The Secret's name (`{release}` is replaced by the release name). */
  secret: string;
  /** Username: a key of the Secret, or a fixed value. */
  username: { key: string } | { value: string };
  passwordKey: string;
}

export interface PresetComponent {
  name: string;
  /** `<repository>/<chart>` (ArtifactHub repository names). */
  chart: string;
  version: string;
  namespace: string;
  release: string;
  /** Preset values; a string "{{email}}" anywhere is replaced by the answer. */
  values: Record<string, unknown>;
  /** Components that must be installed first (their CRDs, their ingress controller). */
  dependsOn: string[];
  /** Skipped when a release of this chart already exists anywhere the person can see (e.g. Grafana for logging). */
  skipIfChartPresent?: string;
  ui: ComponentUi[];
  credentials: ComponentCredentials[];
}

export interface Preset {
  key: BlueprintKey;
  title: string;
  description: string;
  /** CRDs, ClusterRoles, DaemonSets on every node: refused for tenants of a shared cluster. */
  clusterWide: boolean;
  asks: "email"[];
  components: PresetComponent[];
  nextSteps: string[];
  tips: string[];
}

const prometheusStack: PresetComponent = {
  name: "kube-prometheus-stack",
  chart: "prometheus-community/kube-prometheus-stack",
  version: "79.0.0",
  namespace: "monitoring",
  release: "monitoring",
  values: {
    grafana: { enabled: true, defaultDashboardsEnabled: true },
    alertmanager: { enabled: true },
    nodeExporter: { enabled: true },
    kubeStateMetrics: { enabled: true },
    prometheus: { prometheusSpec: { retention: "10d" } },
  },
  dependsOn: [],
  ui: [
    { label: "Grafana", service: "{release}-grafana", port: 80, path: "/" },
    { label: "Prometheus", service: "{release}-kube-prometheus-prometheus", port: 9090, path: "/" },
    { label: "Alertmanager", service: "{release}-kube-prometheus-alertmanager", port: 9093, path: "/" },
  ],
  credentials: [
    {
      label: "Grafana admin",
      secret: "{release}-grafana",
      username: { key: "admin-user" },
      passwordKey: "admin-password",
    },
  ],
};

const loki: PresetComponent = {
  name: "loki",
  chart: "grafana/loki",
  version: "6.46.0",
  namespace: "logging",
  release: "loki",
  values: { deploymentMode: "SingleBinary", loki: { auth_enabled: false }, singleBinary: { replicas: 1 } },
  dependsOn: [],
  ui: [],
  credentials: [],
};

const alloy: PresetComponent = {
  name: "alloy",
  chart: "grafana/alloy",
  version: "1.4.0",
  namespace: "logging",
  release: "alloy",
  values: {
    alloy: { clustering: { enabled: false } },
    lokiUrl: "http://loki-gateway.logging.svc/loki/api/v1/push",
  },
  dependsOn: ["loki"],
  ui: [],
  credentials: [],
};

const grafana: PresetComponent = {
  name: "grafana",
  chart: "grafana/grafana",
  version: "10.1.0",
  namespace: "logging",
  release: "grafana",
  values: {
    datasources: {
      "datasources.yaml": {
        apiVersion: 1,
        datasources: [
          { name: "Loki", type: "loki", url: "http://loki-gateway.logging.svc", isDefault: true },
        ],
      },
    },
  },
  dependsOn: ["loki"],
  skipIfChartPresent: "grafana",
  ui: [{ label: "Grafana", service: "{release}", port: 80, path: "/" }],
  credentials: [
    {
      label: "Grafana admin",
      secret: "{release}",
      username: { key: "admin-user" },
      passwordKey: "admin-password",
    },
  ],
};

const argocd: PresetComponent = {
  name: "argo-cd",
  chart: "argo/argo-cd",
  version: "9.1.0",
  namespace: "argocd",
  release: "argocd",
  values: { configs: { params: { "server.insecure": true } } },
  dependsOn: [],
  ui: [{ label: "Argo CD", service: "{release}-server", port: 80, path: "/" }],
  credentials: [
    {
      label: "Argo CD admin",
      secret: "argocd-initial-admin-secret",
      username: { value: "admin" },
      passwordKey: "password",
    },
  ],
};

const ingressNginx: PresetComponent = {
  name: "ingress-nginx",
  chart: "ingress-nginx/ingress-nginx",
  version: "4.14.0",
  namespace: "ingress-nginx",
  release: "ingress-nginx",
  values: { controller: { ingressClassResource: { default: true } } },
  dependsOn: [],
  ui: [],
  credentials: [],
};

const certManager: PresetComponent = {
  name: "cert-manager",
  chart: "jetstack/cert-manager",
  version: "v1.19.1",
  namespace: "cert-manager",
  release: "cert-manager",
  values: { crds: { enabled: true } },
  dependsOn: [],
  ui: [],
  credentials: [],
};

/** Let's Encrypt's production ACME server as a ClusterIssuer, solved over HTTP-01 through ingress-nginx. */
const letsEncrypt: PresetComponent = {
  name: "letsencrypt-issuer",
  chart: "bedag/raw",
  version: "2.0.0",
  namespace: "cert-manager",
  release: "letsencrypt-issuer",
  values: {
    resources: [
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: "letsencrypt" },
        spec: {
          acme: {
            server: "https://acme-v02.api.letsencrypt.org/directory",
            email: "{{email}}",
            privateKeySecretRef: { name: "letsencrypt-account-key" },
            solvers: [{ http01: { ingress: { ingressClassName: "nginx" } } }],
          },
        },
      },
    ],
  },
  dependsOn: ["cert-manager", "ingress-nginx"],
  ui: [],
  credentials: [],
};

const localPath: PresetComponent = {
  name: "local-path-provisioner",
  chart: "containeroo/local-path-provisioner",
  version: "0.0.33",
  namespace: "local-path-storage",
  release: "local-path-provisioner",
  values: { storageClass: { defaultClass: true } },
  dependsOn: [],
  ui: [],
  credentials: [],
};

const monitoringTips = [
  "Grafana's dashboards for the cluster are under Dashboards > Kubernetes.",
  "Keep Prometheus's retention (10d) in line with its volume; raise prometheus.prometheusSpec.retention with care.",
];

export const PRESETS: readonly Preset[] = [
  {
    key: "monitoring",
    title: "Monitoring",
    description:
      "kube-prometheus-stack: Prometheus, Grafana, Alertmanager, node exporter and kube-state-metrics.",
    clusterWide: true,
    asks: [],
    components: [prometheusStack],
    nextSteps: ["Open Grafana and change the admin password.", "Route Alertmanager to your team's channel."],
    tips: monitoringTips,
  },
  {
    key: "logging",
    title: "Logging",
    description:
      "Loki for logs, Alloy to ship every pod's logs to it, and Grafana to read them (if you have none).",
    clusterWide: true,
    asks: [],
    components: [loki, alloy, grafana],
    nextSteps: ["In Grafana, open Explore and pick the Loki data source."],
    tips: [
      "Loki runs as a single binary here; switch to the scalable mode before logs reach tens of GB a day.",
    ],
  },
  {
    key: "argocd",
    title: "Argo CD",
    description: "GitOps: Argo CD keeps the cluster in step with your Git repositories.",
    clusterWide: true,
    asks: [],
    components: [argocd],
    nextSteps: [
      "Sign in as admin, change the password, then delete the argocd-initial-admin-secret Secret.",
      "Add your first Application pointing at a Git repository.",
    ],
    tips: ["Give Argo CD its own project per team instead of the default project."],
  },
  {
    key: "cert-manager",
    title: "Certificates and ingress",
    description: "cert-manager, ingress-nginx and a Let's Encrypt ClusterIssuer for automatic HTTPS.",
    clusterWide: true,
    asks: ["email"],
    components: [ingressNginx, certManager, letsEncrypt],
    nextSteps: [
      "Point your domain's DNS at the ingress-nginx controller's external address.",
      'Annotate an Ingress with cert-manager.io/cluster-issuer: "letsencrypt" and list its host under tls.',
    ],
    tips: ["Let's Encrypt rate-limits failed validations: test with a single host first."],
  },
  {
    key: "full-stack",
    title: "Full stack",
    description: "Storage, ingress with certificates, monitoring, logging and Argo CD, in dependency order.",
    clusterWide: true,
    asks: ["email"],
    components: [localPath, ingressNginx, certManager, letsEncrypt, prometheusStack, loki, alloy, argocd],
    nextSteps: ["Work through each component's first step in this message, Grafana first."],
    tips: [
      ...monitoringTips,
      "Loki's data source can be added to the monitoring Grafana: Connections > Data sources > Loki, URL http://loki-gateway.logging.svc.",
    ],
  },
];

export function presetByKey(key: BlueprintKey): Preset {
  const preset = PRESETS.find((p) => p.key === key);
  if (!preset) throw new Error(`no blueprint ${key}`);
  return preset;
}

/** The preset's values for a component with the answers filled in ("{{email}}"), as plain data. */
export function componentValues(
  component: PresetComponent,
  answers: { email?: string },
): Record<string, unknown> {
  const fill = (value: unknown): unknown => {
    if (value === "{{email}}") return answers.email ?? "";
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    }
    return value;
  };
  return fill(component.values) as Record<string, unknown>;
}

/** Components in install order: each after what it depends on (presets list them so; this checks it). */
export function installOrder(preset: Preset): PresetComponent[] {
  const seen = new Set<string>();
  for (const component of preset.components) {
    const missing = component.dependsOn.filter(
      (d) => !seen.has(d) && preset.components.some((c) => c.name === d),
    );
    if (missing.length)
      throw new Error(`${preset.key}: ${component.name} comes before ${missing.join(", ")}`);
    seen.add(component.name);
  }
  return [...preset.components];
}
