/**
 * One WATCH from a resourceVersion, with bookmarks, until the server ends
 * it, it fails, it says nothing for `silenceMs`, or the cache stops. Built
 * on @kubernetes/client-node's `Watch` (URL, credentials, TLS, line parsing).
 */
import { type KubeConfig, Watch } from "@kubernetes/client-node";
import { type CacheError, type KubeStatus, toCacheError } from "./errors";
import type { Selectors } from "./kinds";
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
  random: () => number;
}

export interface WatchHooks<T extends KubeObject> {
  /** Where to watch from: the list's (or last event's) resourceVersion. */
  resourceVersion: string;
  onRequest(): void;
  /** The watch is live: connected and not refused. */
  onLive(): void;
  onEvent(event: WatchEvent<T>): void;
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
  | { kind: "stopped" };

export function watchOnce<T extends KubeObject>(
  target: WatchTarget,
  hooks: WatchHooks<T>,
): Promise<WatchOutcome> {
  if (hooks.stopped()) return Promise.resolve({ kind: "stopped" });
  const watcher = new Watch(target.kubeConfig);
  // Watch's own inactivity/connect timeout (a private field, 30 s in 2.0.x) would end quiet
  // watches between two bookmarks; ours (silenceMs) decides, this one is only the backstop.
  Object.assign(watcher, { requestTimeoutMs: target.silenceMs + 5_000 });
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
      hooks.setAbort(undefined);
      if (hooks.stopped() || ending?.kind === "stopped") return resolve({ kind: "stopped" });
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
      hooks.onLive();
    };
    const armSilence = () => {
      if (silenceTimer) clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        endWith({
          kind: "failed",
          error: {
            message: `watch ${target.path}: silent for ${target.silenceMs} ms (no event, no bookmark)`,
            at: new Date(),
          },
          healthy: false,
        });
      }, target.silenceMs);
    };
    hooks.setAbort(() => endWith({ kind: "stopped" }));

    const params: Record<string, string | number | boolean> = {
      allowWatchBookmarks: true,
      resourceVersion: hooks.resourceVersion,
      timeoutSeconds: Math.floor(target.watchTimeoutSeconds * (1 + target.random())),
      ...target.selectors,
    };
    hooks.onRequest();
    armSilence();
    watcher
      .watch(
        target.path,
        params,
        (type: string, object: unknown) => {
          if (finished || ending) return;
          armSilence();
          if (type === "ERROR") {
            const status = object as KubeStatus | undefined;
            const error: CacheError = {
              message: `watch ${target.path}: ${status?.message ?? "ERROR event"}`,
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
          hooks.onEvent({ type, object: object as T });
        },
        finish,
      )
      .then(
        (c) => {
          controller = c;
          if (abortRequested || hooks.stopped() || finished) {
            c.abort();
            return;
          }
          if (live) return;
          // Connected (HTTP 200). An expired resourceVersion shows as an ERROR event right
          // after; going "ready" only after a short grace spares readers a ready/stale flicker.
          graceTimer = setTimeout(goLive, target.readyGraceMs);
        },
        (error: unknown) => finish(error ?? new Error("watch failed")),
      );
  });
}
