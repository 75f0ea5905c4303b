export { canI } from "./access";
export { toKubeConfig } from "./connect";
export { fromKubeError } from "./errors";
export { type ClusterHealth, probeCluster } from "./health";
export { impersonatedKubeConfig } from "./impersonate";
export { listVisibleNamespaces } from "./namespaces";
