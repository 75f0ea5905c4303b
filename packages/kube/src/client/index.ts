export { canI } from "./access";
export { CLUSTER_POLICY_SETTINGS, createClusterGuard } from "./cluster-policy";
export { toKubeConfig } from "./connect";
export { fromKubeError } from "./errors";
export { GuardedKubeConfig } from "./guarded";
export { type ClusterHealth, probeCluster } from "./health";
export { impersonatedKubeConfig } from "./impersonate";
export { listGuildNamespaces, listVisibleNamespaces } from "./namespaces";
