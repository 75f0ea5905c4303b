/**
 * One WATCH from a resourceVersion, with bookmarks, until the server ends
 * it, it fails, it says nothing for `silenceMs`, or the cache stops. The
 * body is read as a stream of lines, none longer than `maxEventBytes`
 * (./lines): an event past it ends the watch as "too-large".
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { type CacheError, type KubeStatus, toCacheError } from "./errors";
import { streamedGet } from "./http";
import type { Selectors } from "./kinds";
import { CacheLimitError, type CacheLimitExceeded } from "./limits";
import { LineSplitter } from "./lines";
import type { KubeObject, WatchEvent } from "./reduce";

export interface WatchTarget {
  kubeConfig: KubeConfig;
  path: string;
  selectors: Selectors;
  /** A watch that delivers nothing, not even a bookmark, for this long is ended. */
  silenceMs: number;
  /** Server-side timeout; each watch asks for a random value in [t, 2t). */
  watchTimeoutSeconds: number;
  /** A connected watch counts as live after this long without an ERROR (or at its first event). */
  readyGraceMs: number;
  /** The longest event line read. */
  maxEventBytes: number;
  random: () => number;
}

export interface WatchHooks<T extends KubeObject> {
  /** Where to watch from: the list's (or last event's) resourceVersion. */
  resourceVersion: string;
  onRequest(): void;
  /** The watch is live: connected and not refused. */
  onLive(): void;
  /** An event as received, with the length of its line. */
  onEvent(event: WatchEvent<T>, bytes: number): void;
  /** Receives how to abort the watch, and undefined once it is over. */
  setAbort(abort: (() => void) | undefined): void;
  stopped(): boolean;
}

export type WatchOutcome =
  /** The server ended the watch (its timeout): resume from the last resourceVersion. */
  | { kind: "closed"; healthy: boolean }
  /** 410: the resourceVersion is too old; relist. */
  | { kind: "expired"; error: CacheError; healthy: boolean }
  | { kind: "failed"; error: CacheError; healthy: boolean }
  /** An event passed the byte limit. */
  | { kind: "too-large"; exceeded: CacheLimitExceeded; error: CacheError; healthy: boolean }
  | { kind: "stopped" };

type Ending = Exclude<WatchOutcome, { kind: "stopped" | "closed" }> | { kind: "stopped" };

const EVENT_TYPES = new Set(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"]);

export async function watchOnce<T extends KubeObject>(
  target: WatchTarget,
  hooks: WatchHooks<T>,
): Promise<WatchOutcome> {
  if (hooks.stopped()) return { kind: "stopped" };
  const startedAt = Date.now();
  const controller = new AbortController();
  let live = false;
  let events = 0;
  /** Why we ended the watch ourselves, if we did. */
  let ending: Ending | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;

  const endWith = (outcome: Ending) => {
    ending ??= outcome;
    controller.abort();
  };
  const failure = (message: string, code?: number): CacheError => ({
    message: `watch ${target.path}: ${message}`,
    ...(code ? { code } : {}),
    at: new Date(),
  });
  const goLive = () => {
    if (live || ending) return;
    live = true;
    if (graceTimer) clearTimeout(graceTimer);
    hooks.onLive();
  };
  const armSilence = () => {
    if (silenceTimer) clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      const error = failure(`silent for ${target.silenceMs} ms (no event, no bookmark)`);
      endWith({ kind: "failed", error, healthy: false });
    }, target.silenceMs);
  };
  const handle = (line: string) => {
    let event: { type?: unknown; object?: unknown };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      return endWith({ kind: "failed", error: failure("an event that is not JSON"), healthy: false });
    }
    if (event?.type === "ERROR") {
      const status = event.object as KubeStatus | undefined;
      const error = failure(status?.message ?? "ERROR event", status?.code);
      return endWith(
        status?.code === 410
          ? { kind: "expired", error, healthy: false }
          : { kind: "failed", error, healthy: false },
      );
    }
    if (typeof event?.type !== "string" || !EVENT_TYPES.has(event.type) || !event.object) return;
    events++;
    goLive();
    hooks.onEvent({ type: event.type, object: event.object } as WatchEvent<T>, line.length);
  };

  hooks.setAbort(() => endWith({ kind: "stopped" }));
  const query: Record<string, string> = {
    watch: "true",
    allowWatchBookmarks: "true",
    resourceVersion: hooks.resourceVersion,
    timeoutSeconds: String(Math.floor(target.watchTimeoutSeconds * (1 + target.random()))),
    ...target.selectors,
  };
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let error: unknown;
  try {
    hooks.onRequest();
    armSilence();
    const { body } = await streamedGet(
      target.kubeConfig,
      target.path,
      query,
      controller.signal,
      `watch ${target.path}`,
    );
    reader = body.getReader();
    // Connected (HTTP 200). An expired resourceVersion shows as an ERROR event right
    // after; going "ready" only after a short grace spares readers a ready/stale flicker.
    if (!ending) graceTimer = setTimeout(goLive, target.readyGraceMs);
    const lines = new LineSplitter(target.maxEventBytes);
    while (!ending) {
      const { done, value } = await reader.read();
      if (done) {
        const last = lines.end();
        if (last) handle(last);
        break;
      }
      armSilence();
      for (const line of lines.push(value)) {
        handle(line);
        if (ending) break;
      }
    }
  } catch (e) {
    error = e;
  } finally {
    if (silenceTimer) clearTimeout(silenceTimer);
    if (graceTimer) clearTimeout(graceTimer);
    hooks.setAbort(undefined);
    reader?.cancel().catch(() => undefined);
    controller.abort();
  }

  if (hooks.stopped() || ending?.kind === "stopped") return { kind: "stopped" };
  const healthy = events > 0 || Date.now() - startedAt >= 5_000;
  if (ending) return { ...ending, healthy };
  if (error instanceof CacheLimitError)
    return { kind: "too-large", exceeded: error.exceeded, error: failure(error.message), healthy: false };
  if (!error) return { kind: "closed", healthy: live && healthy };
  const e = toCacheError(error);
  return e.code === 410
    ? { kind: "expired", error: e, healthy: false }
    : { kind: "failed", error: e, healthy: false };
}
