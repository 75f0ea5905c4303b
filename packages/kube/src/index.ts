export * from "./cache/index";
export {
  CLUSTER_POLICY_SETTINGS,
  type ClusterHealth,
  canI,
  createClusterGuard,
  fromKubeError,
  impersonatedKubeConfig,
  listGuildNamespaces,
  listVisibleNamespaces,
  probeCluster,
  toKubeConfig,
} from "./client/index";
export * from "./helm/index";
export * from "./kubeconfig/index";
export * from "./logs/index";
export * from "./resources/index";
export * from "./setup/index";
export * from "./streams/index";
export * from "./tenancy/index";
