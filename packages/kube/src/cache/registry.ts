/**
 * The registry of running caches: one per (cluster, resource type, scope),
 * shared by every reader, stopped when nobody uses it, and bounded: at most
 * maxCachesPerCluster per cluster, and one allowance of objects and bytes
 * for the whole process (see ./limits).
 */
import type { Logger } from "@clustercord/telemetry";
import { Registry } from "prom-client";
import type { ResourceType } from "./kinds";
import { type CacheLimits, cacheLimits, type Holding, ProcessBudget } from "./limits";
import { type CacheMetrics, registerCacheMetrics } from "./metrics";
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

export interface ResourceCachesOptions {
  /** A cache without lease or subscriber that was not read for this long is stopped (default 10 min). */
  idleMs?: number;
  /** Overrides of DEFAULT_CACHE_LIMITS, for every cache of the registry. */
  limits?: Partial<CacheLimits>;
  /**
   * A cache in a final state ("forbidden", "too-large") answers every reader
   * for this long; the next use after it makes a new cache, which asks the
   * cluster again (default 5 min).
   */
  retryFinalAfterMs?: number;
  /** Where the cache metrics are registered (default: a new Registry, see `metrics`). */
  metrics?: Registry;
  /** Where the caches report what should not happen (default: JSON to stdout). */
  log?: Logger;
}

interface Entry {
  cache: ResourceCache;
  clusterId: string;
  leases: number;
  lastUsed: number;
}

/**
 * One cache per (cluster, resource type, scope), shared by everyone who
 * uses it. A cache is kept while it has a lease, a subscriber, or was read
 * (`use`) within `idleMs`; otherwise it is stopped, so a cluster nobody
 * looks at costs no watch and no memory.
 */
export class ResourceCaches {
  /** The Prometheus registry the cache metrics are on. */
  readonly metrics: Registry;
  private readonly entries = new Map<string, Entry>();
  private readonly idleMs: number;
  private readonly retryFinalAfterMs: number;
  private readonly limits: CacheLimits;
  private readonly budget: ProcessBudget;
  private readonly counters: CacheMetrics;
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private readonly log: Logger | undefined;

  constructor(options: ResourceCachesOptions = {}) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.retryFinalAfterMs = options.retryFinalAfterMs ?? 5 * 60_000;
    this.limits = cacheLimits(options.limits);
    this.budget = new ProcessBudget({
      objects: this.limits.maxProcessObjects,
      bytes: this.limits.maxProcessBytes,
    });
    this.metrics = options.metrics ?? new Registry();
    this.log = options.log;
    this.counters = registerCacheMetrics(this.metrics, () =>
      [...this.entries.values()].map((e) => ({ clusterId: e.clusterId, ...e.cache.holding })),
    );
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

  /** Objects and bytes all caches hold together (what the process limits count). */
  get holding(): Holding {
    return this.budget.total;
  }

  /** Stops every cache of a cluster (e.g. when the cluster is removed); their leases become no-ops. */
  stopCluster(clusterId: string): void {
    for (const [key, entry] of this.entries) if (entry.clusterId === clusterId) this.drop(key, entry);
  }

  /** Stops caches without lease or subscriber that were not used for `idleMs`. */
  evictIdle(now = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (inUse(entry) || now - entry.lastUsed < this.idleMs) continue;
      this.drop(key, entry);
    }
    if (this.entries.size === 0) this.stopSweeping();
  }

  stopAll(): void {
    for (const entry of this.entries.values()) entry.cache.stop();
    this.entries.clear();
    this.stopSweeping();
  }

  private entry(clusterId: string, options: ResourceCacheOptions): Entry {
    const key = cacheKey(clusterId, options.resource, options);
    const now = Date.now();
    let entry = this.entries.get(key);
    if (entry?.cache.isFinal && now - entry.cache.state.since.getTime() >= this.retryFinalAfterMs) {
      this.drop(key, entry);
      entry = undefined;
    }
    if (!entry) {
      const cacheOptions: ResourceCacheOptions = {
        ...options,
        limits: { ...this.limits, ...options.limits },
        budget: this.budget,
        ...(this.log ? { log: this.log } : {}),
        observer: {
          watchRestarted: () => this.counters.watchRestarted(clusterId),
          refused: (exceeded) => this.counters.refused(clusterId, exceeded.name),
        },
      };
      if (!this.roomFor(clusterId)) {
        // Not registered: the next reader asks again, and gets a cache once one is given up.
        const max = this.limits.maxCachesPerCluster;
        const refused = ResourceCache.refused(
          cacheOptions,
          { name: "caches-per-cluster", max },
          `cluster ${clusterId} already runs ${max} caches, each in use`,
        );
        return { cache: refused, clusterId, leases: 0, lastUsed: now };
      }
      entry = { cache: new ResourceCache(cacheOptions).start(), clusterId, leases: 0, lastUsed: 0 };
      this.entries.set(key, entry);
    }
    entry.lastUsed = now;
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.evictIdle(), Math.max(50, Math.min(60_000, this.idleMs / 4)));
      this.sweeper.unref();
    }
    return entry;
  }

  /** Whether the cluster may start one more cache, giving up its least recently used unused one if need be. */
  private roomFor(clusterId: string): boolean {
    let count = 0;
    let oldest: [string, Entry] | undefined;
    for (const pair of this.entries) {
      const entry = pair[1];
      if (entry.clusterId !== clusterId) continue;
      count++;
      if (!inUse(entry) && (!oldest || entry.lastUsed < oldest[1].lastUsed)) oldest = pair;
    }
    if (count < this.limits.maxCachesPerCluster) return true;
    if (!oldest) return false;
    this.drop(...oldest);
    return true;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    entry.cache.stop();
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

/** Held by a lease or followed by a subscriber. */
const inUse = (entry: Entry) => entry.leases > 0 || entry.cache.listenerCount > 0;
