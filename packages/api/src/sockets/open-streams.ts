import { AppError } from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import { recheckStream, type StreamGrant } from "../services/stream-access";
import { socketIdentity } from "./session";
import type { ApiSocket } from "./socket";

export type StreamKind = "logs" | "exec";

/** A stream id held from the moment its start event arrives, before any await. */
export interface Reservation {
  /** Why the stream was stopped before it opened (the client stopped it, or disconnected), else null. */
  readonly cancelled: string | null;
  /** The stream is open: re-checked from now on, and `stop` ends it. */
  open(grant: StreamGrant, stop: (reason: string) => void): void;
  /** Gives the id back (the start failed, or the stream ended); a later stream may use it. */
  release(): void;
}

interface Entry {
  kind: StreamKind;
  grant: StreamGrant | null;
  stop(reason: string): void;
}

/**
 * One socket's open streams: a bounded number, reserved before any await so
 * concurrent starts cannot race past the limit; each checked again every
 * `recheckMs` (one timer per socket) and stopped, killing the remote request
 * or process, when the session, membership, role or cluster access is gone;
 * all stopped when the socket disconnects.
 */
export function openStreams(
  deps: ApiDeps,
  socket: ApiSocket,
  options: { recheckMs: number; maxStreams: number },
) {
  const streams = new Map<string, Entry>();

  let checking = false;
  const timer = setInterval(async () => {
    if (checking || ![...streams.values()].some((s) => s.grant)) return;
    checking = true;
    try {
      const identity = await socketIdentity(deps, socket).catch(() => null);
      for (const stream of [...streams.values()]) {
        if (!stream.grant) continue;
        const why = await recheckStream(deps, identity, stream.grant).catch(() => null);
        if (why) stream.stop(why);
      }
    } finally {
      checking = false;
    }
  }, options.recheckMs);
  timer.unref();
  socket.on("disconnect", () => {
    clearInterval(timer);
    for (const stream of [...streams.values()]) stream.stop("The connection closed.");
  });

  return {
    reserve(streamId: string, kind: StreamKind): Reservation {
      if (streams.has(streamId))
        throw new AppError("CONFLICT", { userMessage: "That stream is already open." });
      if (streams.size >= options.maxStreams) {
        throw new AppError("BAD_REQUEST", {
          userMessage: `At most ${options.maxStreams} streams at once; close one first.`,
        });
      }
      let cancelled: string | null = null;
      const release = () => {
        if (streams.get(streamId) !== entry) return;
        streams.delete(streamId);
        deps.metrics?.openStreams.dec({ kind });
      };
      const entry: Entry = {
        kind,
        grant: null,
        stop(reason) {
          cancelled = reason;
          release();
        },
      };
      streams.set(streamId, entry);
      deps.metrics?.openStreams.inc({ kind });
      return {
        get cancelled() {
          return cancelled;
        },
        open(grant, stop) {
          entry.grant = grant;
          entry.stop = stop;
        },
        release,
      };
    },
    /** Stops an open stream of this kind (a client's stop event); unknown ids are ignored. */
    stop(streamId: string, kind: StreamKind, reason: string): void {
      const stream = streams.get(streamId);
      if (stream?.kind === kind) stream.stop(reason);
    },
  };
}

export type OpenStreams = ReturnType<typeof openStreams>;
