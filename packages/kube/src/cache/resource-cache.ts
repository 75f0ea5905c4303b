/**
 * One watch-backed cache of one resource type on one cluster, read with
 * ClusterCord's own credentials and shared by every reader (who may see
 * what is decided by a later layer, per actor).
 *
 * LIST in pages (limit/continue), then WATCH from the list's
 * resourceVersion with bookmarks; events are applied in batches by the pure
 * reducer in ./reduce. A watch that ends normally (server timeout) is
 * resumed from the last resourceVersion; one that fails, or says nothing
 * (not even a bookmark) for `silenceMs`, is resumed after an exponential,
 * capped, jittered backoff; 410 Gone (HTTP, or an ERROR event with code
 * 410, e.g. after an API server restart rebuilt its watch cache) means the
 * resourceVersion has expired: list again and diff.
 *
 * Built on @kubernetes/client-node's `Watch` (URL, credentials, TLS, line
 * parsing) and its HTTP library for the LIST pages. Not on its `ListWatch`
 * / `makeInformer`: that one lists without pagination, watches without
 * bookmarks, stops for good on any error that is not a 410 or a timeout,
 * has no notion of "stale", and keeps objects with managedFields.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type KubeConfig,
  RequestContext,
  Watch,
} from "@kubernetes/client-node";
import {
  applyAll,
  type Change,
  emptyState,
  type KubeObject,
  type ListState,
  type ObjectList,
  type Prepare,
  replace,
  slim,
  type WatchEvent,
} from "./reduce";

export interface ResourceType {
  /** API group, "" for the core group. */
  group: string;
  version: string;
  /** Plural resource name, e.g. "pods". */
  resource: string;
}

/** Resource types the browser starts with; any other is `{ group, version, resource }`. */
export const RESOURCE_TYPES = {
  pods: { group: "", version: "v1", resource: "pods" },
  services: { group: "", version: "v1", resource: "services" },
  configMaps: { group: "", version: "v1", resource: "configmaps" },
  namespaces: { group: "", version: "v1", resource: "namespaces" },
  nodes: { group: "", version: "v1", resource: "nodes" },
  events: { group: "", version: "v1", resource: "events" },
  persistentVolumeClaims: { group: "", version: "v1", resource: "persistentvolumeclaims" },
  deployments: { group: "apps", version: "v1", resource: "deployments" },
  replicaSets: { group: "apps", version: "v1", resource: "replicasets" },
  statefulSets: { group: "apps", version: "v1", resource: "statefulsets" },
  daemonSets: { group: "apps", version: "v1", resource: "daemonsets" },
  jobs: { group: "batch", version: "v1", resource: "jobs" },
  cronJobs: { group: "batch", version: "v1", resource: "cronjobs" },
  ingresses: { group: "networking.k8s.io", version: "v1", resource: "ingresses" },
} as const satisfies Record<string, ResourceType>;

/** `/api/v1/pods`, `/apis/apps/v1/namespaces/web/deployments`, ... */
export function resourcePath(type: ResourceType, namespace?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${type.resource}`;
}

export type SyncStatus = "syncing" | "ready" | "stale";

export interface CacheError {
  message: string;
  /** HTTP status or Status.code when the API server answered, e.g. 410, 403. */
  code?: number;
  at: Date;
}

export interface CacheState {
  /**
   * "syncing" until the first list is in and the watch is live; "ready"
   * while the watch is live; "stale" from a failed or silent watch, a 410 or
   * a failed list until the watch is live again (the items are the last
   * known ones meanwhile).
   */
  status: SyncStatus;
  /** When `status` last changed. */
  since: Date;
  /** The most recent error (kept after recovery, for display). */
  lastError?: CacheError;
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
  /** The changes are the difference made by a (re)list. */
  relisted: boolean;
  resourceVersion: string;
  state: CacheState;
}

export type CacheListener<T extends KubeObject = KubeObject> = (update: CacheUpdate<T>) => void;

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
}

/** An HTTP or Status error from the API server. */
export class KubeRequestError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
    readonly reason?: string,
  ) {
    super(message);
    this.name = "KubeRequestError";
  }
}

interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

type WatchOutcome =
  /** The server ended the watch (its timeout): resume from the last resourceVersion. */
  | { kind: "closed"; healthy: boolean }
  /** 410: the resourceVersion is too old; relist. */
  | { kind: "expired"; error: CacheError; healthy: boolean }
  | { kind: "failed"; error: CacheError; healthy: boolean }
  | { kind: "stopped" };

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
  private readonly kubeConfig: KubeConfig;
  private readonly watcher: Watch;
  private readonly http = new IsomorphicFetchHttpLibrary();
  private readonly path: string;
  private readonly selectors: { labelSelector?: string; fieldSelector?: string };
  private readonly prepare: Prepare<T>;

  private current: ListState<T> = emptyState<T>();
  private status: CacheState = { status: "syncing", since: new Date() };
  private readonly counters: CacheStats = { listRequests: 0, lists: 0, watchRequests: 0, expired: 0 };
  private readonly listeners = new Set<CacheListener<T>>();
  private readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  private started = false;
  private stopped = false;
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
    this.watcher = new Watch(this.kubeConfig);
    // Watch's own inactivity/connect timeout (a private field, 30 s in 2.0.x) would end quiet
    // watches between two bookmarks; ours (silenceMs) decides, this one is only the backstop.
    Object.assign(this.watcher, { requestTimeoutMs: this.opts.silenceMs + 5_000 });
  }

  /** Starts listing and watching; returns at once (see whenReady). Idempotent. */
  start(): this {
    if (this.started || this.stopped) return this;
    this.started = true;
    this.run().catch((error: unknown) => {
      // Not expected (every request error is handled in the loop); never an unhandled rejection.
      console.error(`resource cache ${this.path}: stopped by an unexpected error`, error);
      this.setStatus("stale", toCacheError(error));
    });
    return this;
  }

  /** Stops watching for good; the last items stay readable. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abortActive?.();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
    if (this.sleeping) {
      clearTimeout(this.sleeping.timer);
      this.sleeping.wake();
    }
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w.reject(new Error("resource cache stopped"));
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

  /** Resolves when the state is "ready" (now or later); rejects after `timeoutMs` or on stop. */
  whenReady(timeoutMs?: number): Promise<void> {
    if (this.status.status === "ready") return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error("resource cache stopped"));
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

  private async run(): Promise<void> {
    let failures = 0;
    let expiredInARow = 0;
    let needList = true;
    while (!this.stopped) {
      if (needList) {
        try {
          await this.relist();
          needList = false;
        } catch (error) {
          if (this.stopped) return;
          const e = toCacheError(error);
          this.setStatus("stale", e);
          failures++;
          await this.sleep(this.backoffMs(failures, e.code));
          continue;
        }
      }
      const outcome = await this.watchOnce();
      this.flush();
      if (outcome.kind === "stopped" || this.stopped) return;
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
      await this.sleep(this.backoffMs(failures, outcome.error.code));
    }
  }

  private backoffMs(failures: number, code?: number): number {
    const { initialBackoffMs, maxBackoffMs, random } = this.opts;
    // Refused credentials do not fix themselves quickly: retry, but slowly.
    const base =
      code === 401 || code === 403
        ? maxBackoffMs
        : Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.max(0, failures - 1));
    return Math.round(base * (0.5 + 0.5 * random()));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeping = undefined;
        resolve();
      };
      this.sleeping = { timer: setTimeout(wake, ms), wake };
    });
  }

  private setStatus(status: SyncStatus, error?: CacheError): void {
    if (this.stopped) return;
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
        console.error(`resource cache ${this.path}: a listener threw`, error);
      }
    }
  }

  // --- events ---------------------------------------------------------------

  private enqueue(event: WatchEvent<T>): void {
    this.pending.push(event);
    this.flushTimer ??= setTimeout(() => this.flush(), this.opts.batchMs);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length || this.stopped) return;
    const events = this.pending;
    this.pending = [];
    const { state, changes } = applyAll(this.current, events, this.prepare);
    this.current = state;
    if (changes.length) this.notify(changes, false);
  }

  // --- LIST -----------------------------------------------------------------

  private async relist(): Promise<void> {
    this.flush();
    for (let attempt = 1; ; attempt++) {
      try {
        const list = await this.listAllPages();
        if (this.stopped) return;
        const { state, changes } = replace(this.current, list, this.prepare);
        this.current = state;
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

  private async listAllPages(): Promise<ObjectList<T>> {
    const items: T[] = [];
    let first: ObjectList<T> | undefined;
    let token: string | undefined;
    do {
      const page = await this.listPage(token);
      first ??= page;
      for (const item of page.items ?? []) items.push(item);
      token = page.metadata?.continue || undefined;
    } while (token && !this.stopped);
    return {
      ...(first?.kind ? { kind: first.kind } : {}),
      ...(first?.apiVersion ? { apiVersion: first.apiVersion } : {}),
      // Every page is served at the first page's resourceVersion.
      metadata: { resourceVersion: first?.metadata?.resourceVersion ?? "" },
      items,
    };
  }

  private async listPage(
    token: string | undefined,
  ): Promise<ObjectList<T> & { metadata?: { continue?: string } }> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error("the kubeconfig has no current cluster");
    const url = new URL(cluster.server + this.path);
    url.searchParams.set("limit", String(this.opts.pageSize));
    if (token) url.searchParams.set("continue", token);
    for (const [k, v] of Object.entries(this.selectors)) url.searchParams.set(k, v);
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    ctx.setHeaderParam("Accept", "application/json");
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`LIST ${this.path} timed out after ${this.opts.requestTimeoutMs} ms`)),
      this.opts.requestTimeoutMs,
    );
    ctx.setSignal(controller.signal);
    this.abortActive = () => controller.abort(new Error("resource cache stopped"));
    try {
      await this.kubeConfig.applySecurityAuthentication(ctx);
      this.counters.listRequests++;
      const response = await this.http.send(ctx).toPromise();
      const text = await response.body.text();
      if (response.httpStatusCode !== 200) {
        const status = parseStatus(text);
        throw new KubeRequestError(
          `LIST ${this.path}: ${status?.message ?? `HTTP ${response.httpStatusCode}`}`,
          response.httpStatusCode,
          status?.reason,
        );
      }
      return JSON.parse(text) as ObjectList<T> & { metadata?: { continue?: string } };
    } catch (error) {
      if (controller.signal.aborted && !(error instanceof KubeRequestError)) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      this.abortActive = undefined;
    }
  }

  // --- WATCH ----------------------------------------------------------------

  private watchOnce(): Promise<WatchOutcome> {
    if (this.stopped) return Promise.resolve({ kind: "stopped" });
    return new Promise<WatchOutcome>((resolve) => {
      const startedAt = Date.now();
      let finished = false;
      let live = false;
      let events = 0;
      let controller: AbortController | undefined;
      let abortRequested = false;
      /** Why we ended the watch ourselves, if we did. */
      let ending: WatchOutcome | undefined;
      let silenceTimer: ReturnType<typeof setTimeout> | undefined;
      let graceTimer: ReturnType<typeof setTimeout> | undefined;

      const finish = (error: unknown) => {
        if (finished) return;
        finished = true;
        if (silenceTimer) clearTimeout(silenceTimer);
        if (graceTimer) clearTimeout(graceTimer);
        if (this.abortActive === abortThis) this.abortActive = undefined;
        if (this.stopped || ending?.kind === "stopped") return resolve({ kind: "stopped" });
        const healthy = events > 0 || Date.now() - startedAt >= 5_000;
        if (ending) return resolve({ ...ending, healthy });
        if (!error) return resolve({ kind: "closed", healthy: live && healthy });
        const e = toCacheError(error);
        resolve(
          e.code === 410
            ? { kind: "expired", error: e, healthy: false }
            : { kind: "failed", error: e, healthy: false },
        );
      };
      /** Ends the watch for `outcome`: at once, even while the connection is still being made. */
      const endWith = (outcome: WatchOutcome) => {
        ending ??= outcome;
        abortRequested = true;
        if (controller) controller.abort();
        // Watch.watch() hands out its AbortController only once connected; until then the
        // attempt is abandoned here and aborted when it arrives (see .then below).
        finish(undefined);
      };
      const goLive = () => {
        if (live || finished || ending) return;
        live = true;
        if (graceTimer) clearTimeout(graceTimer);
        this.setStatus("ready");
      };
      const armSilence = () => {
        if (silenceTimer) clearTimeout(silenceTimer);
        silenceTimer = setTimeout(() => {
          endWith({
            kind: "failed",
            error: {
              message: `watch ${this.path}: silent for ${this.opts.silenceMs} ms (no event, no bookmark)`,
              at: new Date(),
            },
            healthy: false,
          });
        }, this.opts.silenceMs);
      };
      const abortThis = () => endWith({ kind: "stopped" });
      this.abortActive = abortThis;

      const params: Record<string, string | number | boolean> = {
        allowWatchBookmarks: true,
        resourceVersion: this.current.resourceVersion,
        timeoutSeconds: Math.floor(this.opts.watchTimeoutSeconds * (1 + this.opts.random())),
        ...this.selectors,
      };
      this.counters.watchRequests++;
      armSilence();
      this.watcher
        .watch(
          this.path,
          params,
          (type: string, object: unknown) => {
            if (finished || ending) return;
            armSilence();
            if (type === "ERROR") {
              const status = object as KubeStatus | undefined;
              const error: CacheError = {
                message: `watch ${this.path}: ${status?.message ?? "ERROR event"}`,
                ...(status?.code ? { code: status.code } : {}),
                at: new Date(),
              };
              endWith(
                status?.code === 410
                  ? { kind: "expired", error, healthy: false }
                  : { kind: "failed", error, healthy: false },
              );
              return;
            }
            if (type !== "ADDED" && type !== "MODIFIED" && type !== "DELETED" && type !== "BOOKMARK") return;
            events++;
            goLive();
            this.enqueue({ type, object: object as T });
          },
          finish,
        )
        .then(
          (c) => {
            controller = c;
            if (abortRequested || this.stopped || finished) {
              c.abort();
              return;
            }
            if (live) return;
            // Connected (HTTP 200). An expired resourceVersion shows as an ERROR event right
            // after; going "ready" only after a short grace spares readers a ready/stale flicker.
            graceTimer = setTimeout(goLive, this.opts.readyGraceMs);
          },
          (error: unknown) => finish(error ?? new Error("watch failed")),
        );
    });
  }
}

function parseStatus(text: string): KubeStatus | undefined {
  try {
    const value = JSON.parse(text) as KubeStatus;
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

function toCacheError(error: unknown): CacheError {
  const at = new Date();
  if (error instanceof KubeRequestError) {
    return { message: error.message, ...(error.code ? { code: error.code } : {}), at };
  }
  const e = error as { message?: string; statusCode?: number; code?: unknown; cause?: { message?: string } };
  const code =
    typeof e?.statusCode === "number" ? e.statusCode : typeof e?.code === "number" ? e.code : undefined;
  const message = [e?.message ?? String(error), e?.cause?.message].filter(Boolean).join(": ");
  return { message, ...(code ? { code } : {}), at };
}

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
