/**
 * Apply order, by group and kind: Helm's InstallOrder
 * (pkg/release/util/kind_sorter.go) as issue 14 groups it. What others depend
 * on goes first: CRDs before their custom resources (Helm installs its
 * crds/ before everything, as here), Namespaces before what lives in them,
 * cluster-wide classes, ServiceAccounts and RBAC before the pods that use
 * them, quotas and policies before the objects they judge, ConfigMaps,
 * Secrets and volumes before the workloads that mount them, Services before
 * workloads (so their environment variables exist in the pods), then what
 * points at workloads (Ingress, HPA, PDB), then API services and admission
 * webhooks/policies (as Helm: they must not block the rest of the batch),
 * and anything unknown (custom resources) last.
 */
const APPLY_GROUPS: readonly (readonly string[])[] = [
  ["apiextensions.k8s.io/CustomResourceDefinition"],
  ["/Namespace"],
  [
    "scheduling.k8s.io/PriorityClass",
    "storage.k8s.io/StorageClass",
    "storage.k8s.io/CSIDriver",
    "node.k8s.io/RuntimeClass",
    "networking.k8s.io/IngressClass",
  ],
  ["/ServiceAccount"],
  ["rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/Role"],
  ["rbac.authorization.k8s.io/ClusterRoleBinding", "rbac.authorization.k8s.io/RoleBinding"],
  ["/ResourceQuota", "/LimitRange", "networking.k8s.io/NetworkPolicy"],
  ["/ConfigMap"],
  ["/Secret"],
  ["/PersistentVolume", "/PersistentVolumeClaim"],
  ["/Service", "/Endpoints", "discovery.k8s.io/EndpointSlice"],
  [
    "apps/Deployment",
    "apps/StatefulSet",
    "apps/DaemonSet",
    "apps/ReplicaSet",
    "/ReplicationController",
    "batch/Job",
    "batch/CronJob",
    "/Pod",
  ],
  ["networking.k8s.io/Ingress", "autoscaling/HorizontalPodAutoscaler", "policy/PodDisruptionBudget"],
  [
    "apiregistration.k8s.io/APIService",
    "admissionregistration.k8s.io/MutatingWebhookConfiguration",
    "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
    "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
    "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  ],
];

const rankByKey = new Map(APPLY_GROUPS.flatMap((keys, rank) => keys.map((key) => [key, rank] as const)));

/** Custom resources and every kind not listed: after everything known. */
export const UNKNOWN_KIND_ORDER = APPLY_GROUPS.length;

/** `apps/v1` -> `apps`, `v1` -> `` (the core group). */
export const apiGroup = (apiVersion: string) =>
  apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";

/** The rank of a kind in apply order (0 first); equal ranks keep the batch's order. */
export function applyOrder(kind: string, apiVersion: string): number {
  return rankByKey.get(`${apiGroup(apiVersion)}/${kind}`) ?? UNKNOWN_KIND_ORDER;
}

/** The items in apply order; stable, so objects of one rank stay in the order they were written. */
export function sortForApply<T extends { kind: string; apiVersion: string }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index, rank: applyOrder(item.kind, item.apiVersion) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.item);
}
