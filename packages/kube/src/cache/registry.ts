/**
 * The registry of running caches: one per (cluster, resource type, scope),
 * shared by every reader, stopped when nobody uses it.
 */
import type { ResourceType } from "./kinds";
import type { KubeObject } from "./reduce";
import { ResourceCache, type ResourceCacheOptions } from "./resource-cache";

/** Registry key of a cache: one per cluster, resource type and scope. */
export function cacheKey(
  clusterId: string,
  resource: ResourceType,
  scope: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
): string {
  return [
    clusterId,
    `${resource.group}/${resource.version}/${resource.resource}`,
    scope.namespace ?? "",
    scope.labelSelector ?? "",
    scope.fieldSelector ?? "",
  ].join("|");
}

export interface CacheLease<T extends KubeObject = KubeObject> {
  cache: ResourceCache<T>;
  /** Gives the lease back; the cache stops when the last one is released. Idempotent. */
  release(): void;
}

/**
 * One cache per (cluster, resource type, scope), shared by everyone who
 * uses it. A cache is kept while it has a lease, a subscriber, or was read
 * (`use`) within `idleMs`; otherwise it is stopped, so a cluster nobody
 * looks at costs no watch and no memory.
 */
export class ResourceCaches {
  private readonly entries = new Map<
    string,
    { cache: ResourceCache; clusterId: string; leases: number; lastUsed: number }
  >();
  private readonly idleMs: number;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(options: { idleMs?: number } = {}) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
  }

  /** The cache for `options` on `clusterId`, started on first use; the first user's options apply. */
  use<T extends KubeObject = KubeObject>(clusterId: string, options: ResourceCacheOptions): ResourceCache<T> {
    return this.entry(clusterId, options).cache as unknown as ResourceCache<T>;
  }

  /** Like `use`, and the cache stays until the lease is released (or its cluster is stopped). */
  acquire<T extends KubeObject = KubeObject>(
    clusterId: string,
    options: ResourceCacheOptions,
  ): CacheLease<T> {
    const held = this.entry(clusterId, options);
    held.leases++;
    let released = false;
    return {
      cache: held.cache as unknown as ResourceCache<T>,
      release: () => {
        if (released) return;
        released = true;
        held.leases--;
        held.lastUsed = Date.now();
      },
    };
  }

  /** Caches running now. */
  get size(): number {
    return this.entries.size;
  }

  /** Stops every cache of a cluster (e.g. when the cluster is removed); their leases become no-ops. */
  stopCluster(clusterId: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.clusterId !== clusterId) continue;
      this.entries.delete(key);
      entry.cache.stop();
    }
  }

  /** Stops caches without lease or subscriber that were not used for `idleMs`. */
  evictIdle(now = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (entry.leases > 0 || entry.cache.listenerCount > 0 || now - entry.lastUsed < this.idleMs) continue;
      this.entries.delete(key);
      entry.cache.stop();
    }
    if (this.entries.size === 0) this.stopSweeping();
  }

  stopAll(): void {
    for (const entry of this.entries.values()) entry.cache.stop();
    this.entries.clear();
    this.stopSweeping();
  }

  private entry(clusterId: string, options: ResourceCacheOptions) {
    const key = cacheKey(clusterId, options.resource, options);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { cache: new ResourceCache(options).start(), clusterId, leases: 0, lastUsed: 0 };
      this.entries.set(key, entry);
    }
    entry.lastUsed = Date.now();
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.evictIdle(), Math.max(50, Math.min(60_000, this.idleMs / 4)));
      this.sweeper.unref();
    }
    return entry;
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
