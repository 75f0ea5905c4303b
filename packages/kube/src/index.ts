export { type ClusterHealth, probeCluster, toKubeConfig } from "./client/index";
export * from "./kubeconfig/index";
