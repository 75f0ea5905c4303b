import { stringify } from "yaml";
import { CLUSTER_READER_ROLE } from "../tenancy/plan";

/**
 * What an operator applies to a cluster before adding it to ClusterCord: a
 * ServiceAccount whose token ClusterCord uses, with exactly what ClusterCord
 * does with its own credentials and nothing more:
 * - impersonate users and groups (every action on behalf of a person);
 * - read (get/list/watch) for the shared watch caches and the health probe;
 *   each person only ever sees what an impersonated access review allows;
 * - tenancy setup: namespaces, quotas, limit ranges, network policies and
 *   the (cluster) role bindings that let a server's roles in, plus `bind` on
 *   the four ClusterRoles those bindings name.
 * No write to workloads, Secrets or anything else: people do that, as
 * themselves, through impersonation.
 */
export const SETUP_NAMESPACE = "clustercord";
export const SETUP_SERVICE_ACCOUNT = "clustercord";
export const SETUP_TOKEN_SECRET = "clustercord-token";
export const SETUP_CLUSTER_ROLE = "clustercord";
export const SETUP_FILENAME = "clustercord-setup.yaml";
export const SETUP_KUBECONFIG_FILENAME = "clustercord-kubeconfig.yaml";

const labels = { "app.kubernetes.io/managed-by": "clustercord", "app.kubernetes.io/name": "clustercord" };
const READ = ["get", "list", "watch"];
const WRITE = ["get", "list", "watch", "create", "update", "patch", "delete"];

export const setupObjects = () => [
  {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: SETUP_NAMESPACE, labels },
  },
  {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: SETUP_SERVICE_ACCOUNT, namespace: SETUP_NAMESPACE, labels },
  },
  {
    // A long-lived token: Kubernetes fills it in for the ServiceAccount named by the annotation.
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/service-account-token",
    metadata: {
      name: SETUP_TOKEN_SECRET,
      namespace: SETUP_NAMESPACE,
      labels,
      annotations: { "kubernetes.io/service-account.name": SETUP_SERVICE_ACCOUNT },
    },
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: SETUP_CLUSTER_ROLE, labels },
    rules: [
      { apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] },
      // The shared caches (any kind, custom resources included) and the health probe.
      { apiGroups: ["*"], resources: ["*"], verbs: READ },
      // Tenancy: a server's namespaces with their quota, defaults and network isolation.
      {
        apiGroups: [""],
        resources: ["namespaces", "resourcequotas", "limitranges"],
        verbs: WRITE,
      },
      { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: WRITE },
      // Cluster policies (policies.enable): the ValidatingAdmissionPolicies and bindings ClusterCord manages.
      {
        apiGroups: ["admissionregistration.k8s.io"],
        resources: ["validatingadmissionpolicies", "validatingadmissionpolicybindings"],
        verbs: WRITE,
      },
      {
        apiGroups: ["rbac.authorization.k8s.io"],
        resources: ["rolebindings", "clusterrolebindings"],
        verbs: WRITE,
      },
      // The read-only ClusterRole a dedicated cluster's team gets for nodes, volumes and CRDs.
      {
        apiGroups: ["rbac.authorization.k8s.io"],
        resources: ["clusterroles"],
        resourceNames: [CLUSTER_READER_ROLE],
        verbs: ["get", "update", "patch"],
      },
      { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["create"] },
      // Bindings may name these roles without ClusterCord holding what they grant.
      {
        apiGroups: ["rbac.authorization.k8s.io"],
        resources: ["clusterroles"],
        resourceNames: ["view", "edit", "admin", CLUSTER_READER_ROLE],
        verbs: ["bind"],
      },
    ],
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: SETUP_CLUSTER_ROLE, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: SETUP_CLUSTER_ROLE },
    subjects: [{ kind: "ServiceAccount", name: SETUP_SERVICE_ACCOUNT, namespace: SETUP_NAMESPACE }],
  },
];

export interface ClusterSetup {
  /** The manifest, as a multi-document YAML file named `filename`. */
  manifest: string;
  filename: string;
  /** Shell commands, in order: apply the manifest, then print a kubeconfig for ClusterCord into a file. */
  commands: string[];
  /** The file the second command writes: what to upload as the cluster's kubeconfig. */
  kubeconfigFilename: string;
}

/**
 * The second command: a kubeconfig with the current context's server and
 * the token Secret's CA and token, nothing of the operator's own
 * credentials. Single-quoted go-template with the server spliced in, so it
 * runs unchanged in bash and zsh.
 */
const kubeconfigCommand = () => {
  const template = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: clustercord",
    "  cluster:",
    `    server: '"$SERVER"'`,
    '    certificate-authority-data: {{index .data "ca.crt"}}',
    "users:",
    "- name: clustercord",
    "  user:",
    "    token: {{.data.token | base64decode}}",
    "contexts:",
    "- name: clustercord",
    "  context: {cluster: clustercord, user: clustercord}",
    "current-context: clustercord",
    "",
  ].join("\n");
  return [
    `SERVER=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}') &&`,
    `kubectl -n ${SETUP_NAMESPACE} get secret ${SETUP_TOKEN_SECRET} -o go-template='${template}' > ${SETUP_KUBECONFIG_FILENAME}`,
  ].join(" ");
};

/** The setup an operator runs with `kubectl` (as a cluster admin) before adding the cluster. */
export function clusterSetup(): ClusterSetup {
  const header = [
    "# ClusterCord: what it needs on this cluster, and nothing more.",
    "# Apply as a cluster admin, then add the cluster to ClusterCord with the kubeconfig the second",
    "# command prints. Everything a person does through ClusterCord is done as that person (impersonation).",
  ].join("\n");
  const documents = setupObjects().map((object) => stringify(object, { lineWidth: 0 }).trimEnd());
  return {
    manifest: `${header}\n---\n${documents.join("\n---\n")}\n`,
    filename: SETUP_FILENAME,
    commands: [
      // The token controller fills the Secret in a moment after it exists: wait for it.
      `kubectl apply -f ${SETUP_FILENAME} && kubectl -n ${SETUP_NAMESPACE} wait --for=jsonpath='{.data.token}' secret/${SETUP_TOKEN_SECRET}`,
      kubeconfigCommand(),
    ],
    kubeconfigFilename: SETUP_KUBECONFIG_FILENAME,
  };
}
