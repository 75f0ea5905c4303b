/**
 * Repository indexes, fetched through the chart guard and kept parsed in
 * memory per process: a bounded LRU keyed by URL and credentials (a private
 * repository's index is never served to a guild without its credentials).
 * A cached index is used as is for FRESH_MS, then revalidated with
 * If-None-Match / If-Modified-Since (a 304 keeps the parsed copy).
 * Concurrent loads of one index share one fetch. When a refresh fails for a
 * passing reason (network, timeout, 5xx), the stale copy keeps answering for
 * RETRY_AFTER_MS, as helm's own cached index would.
 */
import { createHash } from "node:crypto";
import { AppError } from "@clustercord/contracts";
import type { OutboundGuard } from "@clustercord/outbound";
import { guardedGet, MiB, statusError } from "./chart-fetch";
import { type ChartIndex, parseChartIndex } from "./chart-index-model";

export const INDEX_MAX_BYTES = 20 * MiB;
export const INDEX_TIMEOUT_MS = 20_000;
/** How long a fetched index is used without asking the repository again. */
export const FRESH_MS = 60_000;
/** How many parsed indexes a process keeps, and how many entries in all (memory: roughly 0.5 KiB each). */
export const MAX_CACHED_INDEXES = 32;
export const MAX_CACHED_ENTRIES = 500_000;
/** After a failed refresh, the stale copy is used this long before the repository is asked again. */
export const RETRY_AFTER_MS = 30_000;

export interface IndexSource {
  /** Repository name, for messages. */
  name: string;
  /** Repository root URL (index.yaml is under it). */
  url: string;
  /** `Authorization` header value, when the repository has credentials. */
  authorization?: string | undefined;
}

interface Cached {
  index: ChartIndex;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: number;
  /** Set after a failed refresh: until then the stale copy answers without asking again. */
  retryAt?: number;
}

/** The index.yaml URL of a repository root (with or without a trailing slash). */
export function indexUrl(repoUrl: string): string {
  return new URL("index.yaml", repoUrl.endsWith("/") ? repoUrl : `${repoUrl}/`).toString();
}

export class ChartIndexCache {
  readonly #entries = new Map<string, Cached>();
  readonly #loading = new Map<string, Promise<ChartIndex>>();
  readonly #freshMs: number;
  readonly #max: number;
  /** Index requests made (tests and the benchmark read it). */
  fetches = 0;

  /** How many indexes are kept now. */
  get size(): number {
    return this.#entries.size;
  }

  constructor(options: { freshMs?: number; max?: number } = {}) {
    this.#freshMs = options.freshMs ?? FRESH_MS;
    this.#max = options.max ?? MAX_CACHED_INDEXES;
  }

  #key(source: IndexSource): string {
    const auth = source.authorization
      ? createHash("sha256").update(source.authorization).digest("base64url")
      : "-";
    return `${indexUrl(source.url)} ${auth}`;
  }

  /**
   * The repository's parsed index: from memory while fresh, else fetched (or
   * revalidated). `staleOnError: false` (adding a repository) never answers
   * with an older copy.
   */
  async load(
    guard: OutboundGuard,
    source: IndexSource,
    options: { maxAgeMs?: number; staleOnError?: boolean } = {},
  ): Promise<ChartIndex> {
    const key = this.#key(source);
    const cached = this.#entries.get(key);
    const now = Date.now();
    const fresh = cached && now - cached.fetchedAt < (options.maxAgeMs ?? this.#freshMs);
    const resting = cached?.retryAt !== undefined && now < cached.retryAt && options.staleOnError !== false;
    if (cached && (fresh || resting)) {
      this.#touch(key, cached);
      return cached.index;
    }
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = this.#fetch(guard, source, key, cached).finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    try {
      return await loading;
    } catch (error) {
      const passing = error instanceof AppError && error.code === "UPSTREAM";
      if (!passing || !cached || options.staleOnError === false) throw error;
      cached.retryAt = Date.now() + RETRY_AFTER_MS;
      return cached.index;
    }
  }

  /** Drops every cached copy of a repository URL (a repository was removed or re-added). */
  forget(url: string): void {
    const prefix = `${indexUrl(url)} `;
    for (const key of [...this.#entries.keys()]) if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  #touch(key: string, cached: Cached) {
    this.#entries.delete(key);
    this.#entries.set(key, cached);
  }

  async #fetch(guard: OutboundGuard, source: IndexSource, key: string, cached?: Cached): Promise<ChartIndex> {
    const what = `The index of repository ${source.name}`;
    const headers: Record<string, string> = { accept: "application/x-yaml, text/yaml, */*" };
    if (source.authorization) headers.authorization = source.authorization;
    if (cached?.etag) headers["if-none-match"] = cached.etag;
    if (cached?.lastModified) headers["if-modified-since"] = cached.lastModified;
    this.fetches++;
    const res = await guardedGet(guard, indexUrl(source.url), {
      what,
      maxBytes: INDEX_MAX_BYTES,
      timeoutMs: INDEX_TIMEOUT_MS,
      headers,
    });
    if (res.status === 304 && cached) {
      const { retryAt: _, ...kept } = cached;
      const renewed: Cached = { ...kept, fetchedAt: Date.now() };
      this.#touch(key, renewed);
      return renewed.index;
    }
    if (res.status === 401 || res.status === 403) {
      throw new AppError("FORBIDDEN", {
        userMessage: `${what} refused ClusterCord (HTTP ${res.status}): ${source.authorization ? "check the repository's username and password" : "the repository needs a username and password"}.`,
      });
    }
    if (res.status === 404) {
      throw new AppError("NOT_FOUND", {
        userMessage: `${what} was not found (HTTP 404): is the URL a Helm repository?`,
      });
    }
    if (res.status !== 200) throw statusError(what, res.status);
    const index = parseChartIndex(res.body.toString("utf8"), what);
    const entry: Cached = {
      index,
      etag: res.headers.get("etag") ?? null,
      lastModified: res.headers.get("last-modified") ?? null,
      fetchedAt: Date.now(),
    };
    this.#touch(key, entry);
    let total = 0;
    for (const e of this.#entries.values()) total += e.index.entryCount;
    // Least recently used first; the index just fetched always stays.
    for (const [oldKey, old] of this.#entries) {
      if (this.#entries.size <= this.#max && total <= MAX_CACHED_ENTRIES) break;
      if (oldKey === key) continue;
      this.#entries.delete(oldKey);
      total -= old.index.entryCount;
    }
    return index;
  }
}

/** The process's index cache (one per guard: tests run several APIs in one process with different policies). */
const caches = new WeakMap<OutboundGuard, ChartIndexCache>();

export function indexCacheFor(guard: OutboundGuard): ChartIndexCache {
  let cache = caches.get(guard);
  if (!cache) {
    cache = new ChartIndexCache();
    caches.set(guard, cache);
  }
  return cache;
}
