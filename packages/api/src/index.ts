/** The watch-backed cache registry an API process owns (ApiDeps.caches). */
/** The guard for every connection to a cluster (ApiDeps.clusterGuard), from the operator's policy. */
export { CLUSTER_POLICY_SETTINGS, createClusterGuard, ResourceCaches } from "@clustercord/kube";
export type { ApiDeps, Context, Identity } from "./context";
export { identify } from "./context";
export { type ApiHandlerOptions, createApiHandler } from "./http";
export { createPodsSocketHandler, type PodsSocketOptions } from "./pods-socket";
export {
  createRateLimiter,
  defaultRateLimits,
  type RateClass,
  type RateLimiter,
  type RateLimiterOptions,
  SlowDown,
} from "./rate-limit";
export { createResourcesSocketHandler } from "./resources-socket";
export { type AppRouter, appRouter, createCaller } from "./root";
export { createStreamHandler, type StreamHandlerOptions, type StreamSocketLike } from "./streams";
