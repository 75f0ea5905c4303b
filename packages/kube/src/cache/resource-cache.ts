/**
 * One watch-backed cache of one resource type on one cluster, read with
 * ClusterCord's own credentials and shared by every reader (who may see
 * what is decided by a later layer, per actor).
 *
 * LIST in pages (./list), then WATCH from the list's resourceVersion with
 * bookmarks (./watch); events are applied in batches by the pure reducer in
 * ./reduce; ./registry shares the caches. A watch that ends normally
 * (server timeout) is resumed from the last resourceVersion; one that
 * fails, or says nothing (not even a bookmark) for `silenceMs`, is resumed
 * after an exponential, capped, jittered backoff; 410 Gone (HTTP, or an
 * ERROR event with code 410, e.g. after an API server restart rebuilt its
 * watch cache) means the resourceVersion has expired: list again and diff.
 *
 * Two states end the loop, and the cache then holds nothing: "forbidden"
 * (401/403 on LIST or WATCH: refused credentials are never retried; the
 * registry makes a new cache later, on demand) and "too-large" (the list
 * passed one of the limits in ./limits).
 *
 * Not on @kubernetes/client-node's `ListWatch` / `makeInformer`: that one
 * lists without pagination, watches without bookmarks, stops for good on
 * any error that is not a 410 or a timeout, has no notion of "stale", and
 * keeps objects with managedFields.
 */
import { defaultLogger, type Logger } from "@clustercord/telemetry";
import type { KubeConfig } from "@kubernetes/client-node";
import { backoffDelayMs } from "./backoff";
import { type CacheError, KubeRequestError, toCacheError } from "./errors";
import { type ResourceType, resourcePath, type Selectors } from "./kinds";
import {
  CacheLimitError,
  type CacheLimitExceeded,
  type CacheLimits,
  cacheLimitPassed,
  cacheLimits,
  type Holding,
  type ProcessBudget,
} from "./limits";
import { listAllPages } from "./list";
import {
  applyAll,
  type Change,
  emptyState,
  type KubeObject,
  type ListState,
  type Prepare,
  replace,
  slim,
  type WatchEvent,
} from "./reduce";
import { type WatchOutcome, watchOnce } from "./watch";

export type SyncStatus = "syncing" | "ready" | "stale" | "forbidden" | "too-large";

export interface CacheState {
  /**
   * "syncing" until the first list is in and the watch is live; "ready"
   * while the watch is live; "stale" from a failed or silent watch, a 410 or
   * a failed list until the watch is live again (the items are the last
   * known ones meanwhile). "forbidden" and "too-large" are final: the cache
   * holds nothing and makes no more requests.
   */
  status: SyncStatus;
  /** When `status` last changed. */
  since: Date;
  /** The most recent error (kept after recovery, for display). */
  lastError?: CacheError;
  /** For "too-large": the limit the list passed. */
  exceeded?: CacheLimitExceeded;
}

export interface CacheStats {
  /** LIST requests made (one per page). */
  listRequests: number;
  /** Complete lists (initial + relists). */
  lists: number;
  /** WATCH requests made. */
  watchRequests: number;
  /** 410 Gone answers (expired resourceVersion or continue token). */
  expired: number;
}

export interface CacheUpdate<T extends KubeObject = KubeObject> {
  /** Coalesced per key; empty when only the state changed. */
  changes: readonly Change<T>[];
  /** The changes are the difference made by a (re)list (or by dropping everything in a final state). */
  relisted: boolean;
  resourceVersion: string;
  state: CacheState;
}

export type CacheListener<T extends KubeObject = KubeObject> = (update: CacheUpdate<T>) => void;

/** Told about what metrics count (the registry passes one per cache). */
export interface CacheObserver {
  /** A WATCH after the first one (server timeout, failure, 410). */
  watchRestarted(): void;
  /** The cache went "too-large". */
  refused(exceeded: CacheLimitExceeded): void;
}

export interface ResourceCacheOptions {
  /** ClusterCord's own credentials for the cluster (never an actor's). */
  kubeConfig: KubeConfig;
  resource: ResourceType;
  /** Only this namespace (default: all namespaces). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Objects per LIST page (default 500). */
  pageSize?: number;
  /** A live watch that delivers nothing, not even a bookmark (sent about once a minute), for this long is replaced (default 90 s). */
  silenceMs?: number;
  /** Server-side watch timeout; each watch asks for a random value in [t, 2t) (default 300 s, as client-go). */
  watchTimeoutSeconds?: number;
  /** Timeout of each LIST page request (default 60 s). */
  requestTimeoutMs?: number;
  /** Reconnect backoff: initialMs * 2^(n-1), capped at maxMs, then jittered to 50-100 % (defaults 500 ms, 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Events are applied and announced at most this often (default 50 ms). */
  batchMs?: number;
  /** A resumed watch counts as live once it delivers an event, or after this long without an ERROR (default 300 ms). */
  readyGraceMs?: number;
  /** Source of randomness for jitter and watch timeouts (default Math.random). */
  random?: () => number;
  /**
   * Applied to every object before it is stored (default: slim). Secrets use
   * it so their values never enter the cache.
   */
  prepare?: Prepare<KubeObject>;
  /** Overrides of DEFAULT_CACHE_LIMITS (this cache uses the response, object, byte and page limits). */
  limits?: Partial<CacheLimits>;
  /** The process-wide allowance this cache's objects count against (the registry's). */
  budget?: ProcessBudget;
  observer?: CacheObserver;
  /** Where a cache reports what should not happen (default: JSON to stdout). */
  log?: Logger;
}

/** Events held before they are applied at the latest, however fast they come. */
const MAX_PENDING_EVENTS = 1_000;

const keepAsIs = <T>(object: T): T => object;

export class ResourceCache<T extends KubeObject = KubeObject> {
  readonly resource: ResourceType;
  readonly namespace: string | undefined;
  private readonly opts: Required<
    Pick<
      ResourceCacheOptions,
      | "pageSize"
      | "silenceMs"
      | "watchTimeoutSeconds"
      | "requestTimeoutMs"
      | "batchMs"
      | "readyGraceMs"
      | "random"
    >
  > & { initialBackoffMs: number; maxBackoffMs: number };
  private readonly limits: CacheLimits;
  private readonly budget: ProcessBudget | undefined;
  private readonly observer: CacheObserver | undefined;
  private readonly log: Logger;
  private readonly kubeConfig: KubeConfig;
  private readonly path: string;
  private readonly selectors: Selectors;
  private readonly prepare: Prepare<T>;

  private current: ListState<T> = emptyState<T>();
  /** JSON bytes of each held object, by key; `held` sums them. */
  private sizes = new Map<string, number>();
  private held: Holding = { objects: 0, bytes: 0 };
  /** The line length of each prepared watch object until it is applied. */
  private readonly eventSizes = new WeakMap<object, number>();
  private status: CacheState = { status: "syncing", since: new Date() };
  private readonly counters: CacheStats = { listRequests: 0, lists: 0, watchRequests: 0, expired: 0 };
  private readonly listeners = new Set<CacheListener<T>>();
  private readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  private started = false;
  private stopped = false;
  /** In a final state ("forbidden", "too-large"): the loop has ended. */
  private ended = false;
  private pending: WatchEvent<T>[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private sleeping: { timer: ReturnType<typeof setTimeout>; wake: () => void } | undefined;
  /** Aborts whatever request is in flight (a LIST page or the WATCH). */
  private abortActive: (() => void) | undefined;

  constructor(options: ResourceCacheOptions) {
    this.kubeConfig = options.kubeConfig;
    this.resource = options.resource;
    this.namespace = options.namespace;
    this.path = resourcePath(options.resource, options.namespace);
    this.prepare = (options.prepare as Prepare<T> | undefined) ?? slim;
    this.selectors = {
      ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
      ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
    };
    this.opts = {
      pageSize: options.pageSize ?? 500,
      silenceMs: options.silenceMs ?? 90_000,
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? 300,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      batchMs: options.batchMs ?? 50,
      readyGraceMs: options.readyGraceMs ?? 300,
      random: options.random ?? Math.random,
      initialBackoffMs: options.backoff?.initialMs ?? 500,
      maxBackoffMs: options.backoff?.maxMs ?? 30_000,
    };
    this.limits = cacheLimits(options.limits);
    this.budget = options.budget;
    this.observer = options.observer;
    this.log = options.log ?? defaultLogger();
  }

  /** A cache that is "too-large" from the start and never starts (e.g. one cache too many for its cluster). */
  static refused<T extends KubeObject = KubeObject>(
    options: ResourceCacheOptions,
    exceeded: CacheLimitExceeded,
    why: string,
  ): ResourceCache<T> {
    const cache = new ResourceCache<T>(options);
    cache.started = true;
    cache.end("too-large", { message: why, at: new Date() }, exceeded);
    return cache;
  }

  /** Starts listing and watching; returns at once (see whenReady). Idempotent. */
  start(): this {
    if (this.started || this.stopped) return this;
    this.started = true;
    this.run().catch((error: unknown) => {
      // Not expected (every request error is handled in the loop); never an unhandled rejection.
      this.log.error({ err: error, cache: this.path }, "resource cache stopped by an unexpected error");
      this.setStatus("stale", toCacheError(error));
    });
    return this;
  }

  /** Stops watching for good; the last items stay readable. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.halt();
    this.budget?.release(this);
    this.rejectWaiters(new Error("resource cache stopped"));
  }

  get state(): CacheState {
    return { ...this.status };
  }

  get stats(): Readonly<CacheStats> {
    return { ...this.counters };
  }

  get resourceVersion(): string {
    return this.current.resourceVersion;
  }

  get size(): number {
    return this.current.items.size;
  }

  /** The objects held and their JSON bytes (what counts against the limits). */
  get holding(): Holding {
    return { ...this.held };
  }

  /** In a final state: "forbidden" or "too-large" (the registry replaces such caches in time). */
  get isFinal(): boolean {
    return this.ended;
  }

  /** Listeners subscribed now (a cache with listeners is in use). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The immutable current state (cheap: no copy). */
  snapshot(): ListState<T> {
    return this.current;
  }

  /** Every object now (a new array; the objects are shared and must not be changed). */
  list(): T[] {
    return Array.from(this.current.items.values());
  }

  /** By `namespace/name` (or `name`), see objectKey. */
  get(key: string): T | undefined {
    return this.current.items.get(key);
  }

  /**
   * Calls `listener` with every batch of changes and every state change.
   * Read list() and subscribe in the same tick to miss nothing. Returns
   * the unsubscribe function.
   */
  subscribe(listener: CacheListener<T>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves when the state is "ready" (now or later); rejects after `timeoutMs`, on stop or in a final state. */
  whenReady(timeoutMs?: number): Promise<void> {
    if (this.status.status === "ready") return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error("resource cache stopped"));
    if (this.ended) return Promise.reject(this.finalError());
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          if (timer) clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          if (timer) clearTimeout(timer);
          reject(error);
        },
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
              const why = this.status.lastError ? `: ${this.status.lastError.message}` : "";
              reject(
                new Error(`resource cache not ready after ${timeoutMs} ms (${this.status.status}${why})`),
              );
            }, timeoutMs);
      this.readyWaiters.push(waiter);
    });
  }

  // --- the loop -------------------------------------------------------------

  private get running(): boolean {
    return !this.stopped && !this.ended;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let expiredInARow = 0;
    let needList = true;
    let watches = 0;
    while (this.running) {
      if (needList) {
        try {
          await this.relist();
          needList = false;
        } catch (error) {
          if (!this.running || this.endedBy(error)) return;
          this.setStatus("stale", toCacheError(error));
          failures++;
          await this.sleep(this.backoffMs(failures));
          continue;
        }
        if (!this.running) return;
      }
      if (watches++ > 0) this.observer?.watchRestarted();
      const outcome = await this.watchOnce();
      this.flush();
      if (outcome.kind === "stopped" || !this.running) return;
      if (outcome.kind === "too-large") return this.end("too-large", outcome.error, outcome.exceeded);
      if (outcome.kind === "failed" && isRefusal(outcome.error.code))
        return this.end("forbidden", outcome.error);
      if (outcome.healthy) {
        failures = 0;
        expiredInARow = 0;
      }
      if (outcome.kind === "closed") {
        if (outcome.healthy) continue; // the server's timeout: resume at once
        failures++;
        await this.sleep(this.backoffMs(failures));
        continue;
      }
      this.setStatus("stale", outcome.error);
      if (outcome.kind === "expired") {
        this.counters.expired++;
        needList = true;
        expiredInARow++;
        // A fresh list's resourceVersion should not expire at once; if it does, slow down.
        if (expiredInARow > 1) await this.sleep(this.backoffMs(expiredInARow - 1));
        continue;
      }
      failures++;
      await this.sleep(this.backoffMs(failures));
    }
  }

  /** Ends the loop for a refusal (401/403) or a passed limit; false for errors worth retrying. */
  private endedBy(error: unknown): boolean {
    if (error instanceof CacheLimitError) {
      this.end("too-large", toCacheError(error), error.exceeded);
      return true;
    }
    const e = toCacheError(error);
    if (!isRefusal(e.code)) return false;
    this.end("forbidden", e);
    return true;
  }

  /**
   * The final states: stop requesting, drop every object (subscribers are
   * told, as by a relist to an empty list) and give back the budget.
   */
  private end(status: "forbidden" | "too-large", error: CacheError, exceeded?: CacheLimitExceeded): void {
    if (this.stopped || this.ended) return;
    this.ended = true;
    this.halt();
    const { changes } = replace(this.current, { items: [] }, keepAsIs);
    this.current = emptyState<T>();
    this.sizes = new Map();
    this.held = { objects: 0, bytes: 0 };
    this.budget?.release(this);
    this.status = { status, since: new Date(), lastError: error, ...(exceeded ? { exceeded } : {}) };
    if (exceeded) this.observer?.refused(exceeded);
    this.rejectWaiters(this.finalError());
    this.notify(changes, true);
  }

  private finalError(): Error {
    return new Error(`resource cache ${this.status.status}: ${this.status.lastError?.message ?? ""}`);
  }

  /** Aborts the request in flight and every timer. */
  private halt(): void {
    this.abortActive?.();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
    if (this.sleeping) {
      clearTimeout(this.sleeping.timer);
      this.sleeping.wake();
    }
  }

  private rejectWaiters(error: Error): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w.reject(error);
  }

  private backoffMs(failures: number): number {
    const { initialBackoffMs: initialMs, maxBackoffMs: maxMs, random } = this.opts;
    return backoffDelayMs(failures, { initialMs, maxMs }, random);
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeping = undefined;
        resolve();
      };
      this.sleeping = { timer: setTimeout(wake, ms), wake };
    });
  }

  private setStatus(status: SyncStatus, error?: CacheError): void {
    if (!this.running) return;
    const changed = this.status.status !== status;
    this.status = {
      status,
      since: changed ? new Date() : this.status.since,
      ...(error || this.status.lastError ? { lastError: error ?? this.status.lastError } : {}),
    };
    if (!changed) return;
    if (status === "ready") {
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const w of waiters) w.resolve();
    }
    this.notify([], false);
  }

  private notify(changes: Change<T>[], relisted: boolean): void {
    const update: CacheUpdate<T> = {
      changes,
      relisted,
      resourceVersion: this.current.resourceVersion,
      state: this.state,
    };
    for (const listener of [...this.listeners]) {
      try {
        listener(update);
      } catch (error) {
        this.log.error({ err: error, cache: this.path }, "resource cache listener threw");
      }
    }
  }

  /** Whether the cache may hold `next`; goes "too-large" (and says false) when not. */
  private mayHold(next: Holding): boolean {
    const passed = cacheLimitPassed(next, this.limits) ?? this.budget?.claim(this, next);
    if (!passed) return true;
    this.end("too-large", { message: `${this.path}: over the ${passed.name} limit`, at: new Date() }, passed);
    return false;
  }

  // --- events ---------------------------------------------------------------

  private enqueue(event: WatchEvent<T>, bytes: number): void {
    if (event.type !== "BOOKMARK") {
      // Prepared once, here, so that what is held is slim and its size is known by object.
      const object = this.prepare(event.object);
      this.eventSizes.set(object, bytes);
      this.pending.push({ type: event.type, object });
    } else this.pending.push(event);
    if (this.pending.length >= MAX_PENDING_EVENTS) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.opts.batchMs);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length || !this.running) return;
    const events = this.pending;
    this.pending = [];
    const { state, changes } = applyAll(this.current, events, keepAsIs);
    // Changes are coalesced per key: each key once, so the sizes can be looked up before any is set.
    let bytes = this.held.bytes;
    for (const change of changes) {
      bytes -= this.sizes.get(change.key) ?? 0;
      if (change.type !== "deleted") bytes += this.eventSizes.get(change.object) ?? 0;
    }
    const next = { objects: state.items.size, bytes };
    if (!this.mayHold(next)) return;
    for (const change of changes) {
      if (change.type === "deleted") this.sizes.delete(change.key);
      else this.sizes.set(change.key, this.eventSizes.get(change.object) ?? 0);
    }
    this.current = state;
    this.held = next;
    if (changes.length) this.notify(changes, false);
  }

  // --- LIST -----------------------------------------------------------------

  private async relist(): Promise<void> {
    this.flush();
    for (let attempt = 1; ; attempt++) {
      try {
        const list = await listAllPages<T>(
          {
            kubeConfig: this.kubeConfig,
            path: this.path,
            selectors: this.selectors,
            pageSize: this.opts.pageSize,
            requestTimeoutMs: this.opts.requestTimeoutMs,
            limits: this.limits,
            prepare: this.prepare,
          },
          {
            onRequest: () => {
              this.counters.listRequests++;
            },
            setAbort: (abort) => {
              this.abortActive = abort;
            },
            stopped: () => !this.running,
            onGrow: (objects, bytes) => {
              // While listing, the old items are still held: claim the larger of the two.
              const growing = { objects, bytes };
              const passed =
                cacheLimitPassed(growing, this.limits) ??
                this.budget?.claim(this, {
                  objects: Math.max(objects, this.held.objects),
                  bytes: Math.max(bytes, this.held.bytes),
                });
              if (passed)
                throw new CacheLimitError(passed, `LIST ${this.path}: over the ${passed.name} limit`);
            },
          },
        );
        if (!this.running) return;
        const { state, changes } = replace(this.current, list, keepAsIs);
        this.current = state;
        this.sizes = list.sizes;
        this.held = { objects: state.items.size, bytes: sum(list.sizes.values()) };
        // Never refused: no more than what was claimed while listing.
        this.budget?.claim(this, this.held);
        this.counters.lists++;
        this.notify(changes, true);
        return;
      } catch (error) {
        // A continue token expired between pages (etcd compacted meanwhile): start over, a few times.
        if (error instanceof KubeRequestError && error.code === 410 && attempt < 3) {
          this.counters.expired++;
          continue;
        }
        throw error;
      }
    }
  }

  // --- WATCH ----------------------------------------------------------------

  private watchOnce(): Promise<WatchOutcome> {
    const { silenceMs, watchTimeoutSeconds, readyGraceMs, random } = this.opts;
    return watchOnce<T>(
      {
        kubeConfig: this.kubeConfig,
        path: this.path,
        selectors: this.selectors,
        silenceMs,
        watchTimeoutSeconds,
        readyGraceMs,
        maxEventBytes: this.limits.maxResponseBytes,
        random,
      },
      {
        resourceVersion: this.current.resourceVersion,
        onRequest: () => {
          this.counters.watchRequests++;
        },
        onLive: () => this.setStatus("ready"),
        onEvent: (event, bytes) => this.enqueue(event, bytes),
        setAbort: (abort) => {
          this.abortActive = abort;
        },
        stopped: () => !this.running,
      },
    );
  }
}

/** 401/403: the cluster refuses the credentials; asking again will not change that. */
const isRefusal = (code: number | undefined) => code === 401 || code === 403;

const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};
