/**
 * What one process holds of its clusters, bounded: a cluster's answers
 * (or a fake API server's) must not be able to exhaust the shared web
 * process. A list that passes a limit is not held at all: its cache goes
 * "too-large" and says which limit (pure: data, accounting and wording).
 */
import type { CacheLimitExceeded, CacheLimitName } from "@clustercord/contracts";

export type { CacheLimitExceeded, CacheLimitName };

export interface CacheLimits {
  /**
   * Bytes of one LIST response (one page), and of one WATCH event line.
   * kube-apiserver serves 500 objects a page and etcd stores objects of at
   * most 1.5 MiB, so 32 MiB is far above any real page of objects.
   */
  maxResponseBytes: number;
  /** Objects one cache (one kind on one cluster) holds: a large real cluster has tens of thousands of pods. */
  maxObjects: number;
  /**
   * JSON bytes of the objects one cache holds (as received, before slimming;
   * the heap they take is of the same order).
   */
  maxCacheBytes: number;
  /**
   * LIST pages (continue tokens) of one list. Short pages are legal (field
   * selectors filter after paging), so this is well above maxObjects / page
   * size; an endless chain of continue tokens ends here.
   */
  maxPages: number;
  /** Caches one cluster may run (built-in kinds, CRDs, scopes); idle ones are given up first. */
  maxCachesPerCluster: number;
  /** Objects all caches of the process hold together. */
  maxProcessObjects: number;
  /** JSON bytes of the objects all caches of the process hold together. */
  maxProcessBytes: number;
}

export const DEFAULT_CACHE_LIMITS: Readonly<CacheLimits> = {
  maxResponseBytes: 32 * 1024 * 1024,
  maxObjects: 50_000,
  maxCacheBytes: 256 * 1024 * 1024,
  maxPages: 1_000,
  maxCachesPerCluster: 64,
  maxProcessObjects: 300_000,
  maxProcessBytes: 512 * 1024 * 1024,
};

/** Defaults with `overrides` applied (each a positive integer, else a clear error). */
export function cacheLimits(overrides: Partial<CacheLimits> = {}): CacheLimits {
  const limits = { ...DEFAULT_CACHE_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`cache limit ${name} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}

/** A list passed one of the limits; carries which one. */
export class CacheLimitError extends Error {
  constructor(
    readonly exceeded: CacheLimitExceeded,
    detail: string,
  ) {
    super(`${detail} (limit: ${exceeded.name} ${exceeded.max})`);
    this.name = "CacheLimitError";
  }
}

/** What a cache holds: objects and their JSON bytes. */
export interface Holding {
  objects: number;
  bytes: number;
}

/**
 * Whether a cache may hold `holding` under its own limits; the limit it
 * would pass otherwise.
 */
export function cacheLimitPassed(
  holding: Holding,
  limits: Pick<CacheLimits, "maxObjects" | "maxCacheBytes">,
): CacheLimitExceeded | undefined {
  if (holding.objects > limits.maxObjects) return { name: "objects", max: limits.maxObjects };
  if (holding.bytes > limits.maxCacheBytes) return { name: "bytes", max: limits.maxCacheBytes };
  return undefined;
}

/**
 * The process-wide allowance of cached objects and bytes, shared by every
 * cache: each cache holds a claim; a claim that would take a total past its
 * maximum is refused and leaves the old claim in place.
 */
export class ProcessBudget {
  private readonly claims = new Map<object, Holding>();
  private held: Holding = { objects: 0, bytes: 0 };

  constructor(readonly max: Holding) {}

  /** Sets `owner`'s claim if the totals stay within max (or do not grow); the limit passed otherwise. */
  claim(owner: object, holding: Holding): CacheLimitExceeded | undefined {
    const before = this.claims.get(owner) ?? { objects: 0, bytes: 0 };
    const objects = this.held.objects - before.objects + holding.objects;
    const bytes = this.held.bytes - before.bytes + holding.bytes;
    if (holding.objects > before.objects && objects > this.max.objects)
      return { name: "process-objects", max: this.max.objects };
    if (holding.bytes > before.bytes && bytes > this.max.bytes)
      return { name: "process-bytes", max: this.max.bytes };
    this.held = { objects, bytes };
    if (holding.objects > 0 || holding.bytes > 0) this.claims.set(owner, { ...holding });
    else this.claims.delete(owner);
    return undefined;
  }

  release(owner: object): void {
    this.claim(owner, { objects: 0, bytes: 0 });
  }

  /** What every owner claims together. */
  get total(): Holding {
    return { ...this.held };
  }
}

const bytes = (n: number) =>
  n >= 1024 * 1024 && n % (1024 * 1024) === 0
    ? `${n / (1024 * 1024)} MiB`
    : n >= 1024 && n % 1024 === 0
      ? `${n / 1024} KiB`
      : `${n.toLocaleString("en-US")} bytes`;

/**
 * The sentence both clients show for a list that is too large, e.g. "This
 * cluster has more pods than ClusterCord's limit (50,000)." `what` is the
 * kind's plural in lower case.
 */
export function tooLargeMessage(what: string, exceeded: CacheLimitExceeded): string {
  const max = exceeded.max.toLocaleString("en-US");
  const narrow = "Ask an admin to raise the limit, or use kubectl for this one.";
  switch (exceeded.name) {
    case "objects":
      return `This cluster has more ${what} than ClusterCord's limit (${max}), so they are not shown. ${narrow}`;
    case "bytes":
      return `This cluster has more ${what} than ClusterCord's limit (${bytes(exceeded.max)} of them), so they are not shown. ${narrow}`;
    case "response-bytes":
      return `This cluster has more ${what} than ClusterCord's limit (one answer of ${what} was over ${bytes(exceeded.max)}), so they are not shown. ${narrow}`;
    case "pages":
      return `This cluster has more ${what} than ClusterCord's limit (the list went on past ${max} pages), so they are not shown. ${narrow}`;
    case "caches-per-cluster":
      return `This cluster has more lists open than ClusterCord's limit (${max}), so its ${what} are not shown right now. Try again in a few minutes.`;
    case "process-objects":
      return `This server holds as many cluster objects as ClusterCord's limit allows (${max}), so this cluster's ${what} are not shown right now. Try again in a few minutes.`;
    case "process-bytes":
      return `This server holds as much cluster data as ClusterCord's limit allows (${bytes(exceeded.max)}), so this cluster's ${what} are not shown right now. Try again in a few minutes.`;
  }
}

/** The sentence both clients show when the cluster refused ClusterCord's own credentials. */
export function forbiddenMessage(what: string): string {
  return `The cluster refused ClusterCord's own credentials for ${what}, so they are not shown. An admin can check the credentials and RBAC of the kubeconfig ClusterCord was given; ClusterCord asks again a few minutes later.`;
}
