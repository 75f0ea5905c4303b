export { type Backoff, backoffDelayMs } from "./backoff";
export { type CacheError, KubeRequestError } from "./errors";
export { RESOURCE_TYPES, type ResourceType, resourcePath, type Selectors } from "./kinds";
export {
  CacheLimitError,
  type CacheLimitExceeded,
  type CacheLimitName,
  type CacheLimits,
  cacheLimits,
  DEFAULT_CACHE_LIMITS,
  forbiddenMessage,
  type Holding,
  ProcessBudget,
  tooLargeMessage,
} from "./limits";
export {
  apply as applyWatchEvent,
  applyAll as applyWatchEvents,
  type Change,
  compareResourceVersions,
  emptyState,
  type KubeObject,
  LAST_APPLIED_ANNOTATION,
  type ListState,
  type ObjectList,
  objectKey,
  type Prepare,
  type Reduced,
  replace as replaceList,
  slim,
  type WatchEvent,
  type WatchEventType,
} from "./reduce";
export { type CacheLease, cacheKey, ResourceCaches, type ResourceCachesOptions } from "./registry";
export {
  type CacheListener,
  type CacheObserver,
  type CacheState,
  type CacheStats,
  type CacheUpdate,
  ResourceCache,
  type ResourceCacheOptions,
  type SyncStatus,
} from "./resource-cache";
