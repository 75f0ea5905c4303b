export { toKubeConfig } from "./connect";
export { type ClusterHealth, probeCluster } from "./health";
export { impersonatedKubeConfig } from "./impersonate";
