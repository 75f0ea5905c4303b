export * from "./apply/index";
export * from "./blueprints/index";
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
// The helm runner and the release cache (the engine's part of ./helm; the pure part is in ./helm/index).
export {
  type HelmImpersonation,
  type HelmRunResult,
  type RunHelmOptions,
  runHelm,
  runHelmJson,
} from "./helm/cli";
export * from "./helm/index";
export {
  HELM_RELEASE_SELECTOR,
  latestReleases,
  prepareReleaseSecret,
  type ReleaseFilter,
  type ReleaseSecretEntry,
  readReleaseSecrets,
} from "./helm/release-cache";
export { type LiveRead, type ObjectRef, readLiveObjects } from "./helm/run-live";
export { type ImageRef, type ImageRefResult, imageRefProblem, parseImageRef } from "./images";
export * from "./jobs/index";
export * from "./kubeconfig/index";
export * from "./logs/index";
export * from "./manifests/index";
export * from "./metrics/index";
export * from "./openapi/index";
export * from "./policies/index";
export * from "./resources/index";
export * from "./rollouts/canary-index";
export * from "./rollouts/index";
export * from "./secrets/index";
export * from "./setup/index";
export * from "./snapshots/index";
export * from "./streams/index";
export * from "./tenancy/index";
