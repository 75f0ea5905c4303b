export { type ClusterHealth, impersonatedKubeConfig, probeCluster, toKubeConfig } from "./client/index";
export * from "./kubeconfig/index";
export * from "./tenancy/index";
