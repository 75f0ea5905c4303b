import { LogRingBuffer } from "@clustercord/kube";
import { nextLogBatch } from "./log-batches";
import type { Outbox } from "./outbox";

/** Lines held per stream while the socket is full (read before the pause took hold); past it the oldest are dropped, counted. */
export const LOG_BUFFER = { maxLines: 5_000, maxBytes: 1024 * 1024 };
/** One `logs:lines` event: at most this many lines and about this many bytes. */
export const LOG_BATCH = { maxLines: 1_000, maxBytes: 64 * 1024 };
/** A socket without room for this long belongs to a client that stopped reading (see logFlow). */
export const LOG_STALL_MS = 1_000;

/** Where one log stream's lines go: the socket, as `logs:lines` and `logs:end`. */
export interface LogFlowTarget {
  outbox: Outbox;
  connected(): boolean;
  lines(lines: string[], dropped: number): void;
  end(reason: string): void;
}

/** The cluster side: reading pauses while the socket is full (TCP backpressure up to the API server). */
export interface LogUpstream {
  pause(): void;
  resume(): void;
  /** Lines read are only counted (`skipped`), not decoded. */
  skip(on: boolean): void;
}

/**
 * One followed log on its way from the cluster to a socket.
 *
 * Batching: a full batch (LOG_BATCH) goes out at once; a partial one when
 * `batchMs` has passed since the last event (the first line after a quiet
 * spell at once), so a trickle is not delayed and a flood is few events.
 *
 * Backpressure, bounded either way: while the socket holds more than its
 * outbox allows, reading from the cluster pauses, so a client that reads
 * slower than the pod logs gets every line, later, as `kubectl logs -f`
 * does. When the socket has had no room for `stallMs` the client has stopped
 * reading: reading resumes, but lines are only counted until the socket has
 * room again (nothing is held for such a client, and nothing decoded); the
 * next event says how many were dropped, and lines from then on follow.
 */
export function logFlow(
  target: LogFlowTarget,
  options: { batchMs: number; stallMs: number },
  now: () => number = () => performance.now(),
) {
  const buffer = new LogRingBuffer(LOG_BUFFER);
  let upstream: LogUpstream | null = null;
  let sentSeq = 0;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let batchTimer: ReturnType<typeof setTimeout> | null = null;
  let stallTimer: ReturnType<typeof setTimeout> | null = null;
  let cancelRoom: (() => void) | null = null;
  /** Reading from the cluster is paused, waiting for the client. */
  let paused = false;
  /** The client stopped reading: lines go by counted. */
  let skipping = false;
  /** Set when the log has ended: `logs:end` follows the last line sent. */
  let endReason: string | null = null;
  let finished = false;
  let markEnded!: () => void;
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });

  const finish = () => {
    if (finished) return;
    finished = true;
    if (batchTimer) clearTimeout(batchTimer);
    if (stallTimer) clearTimeout(stallTimer);
    cancelRoom?.();
    cancelRoom = null;
    buffer.clear();
    markEnded();
  };

  const setPaused = (value: boolean) => {
    if (paused === value) return;
    paused = value;
    if (value) upstream?.pause();
    else upstream?.resume();
  };
  const setSkipping = (value: boolean) => {
    if (skipping === value) return;
    skipping = value;
    upstream?.skip(value);
  };

  const waitForRoom = () => {
    setPaused(true);
    cancelRoom ??= target.outbox.whenRoom(() => {
      cancelRoom = null;
      if (stallTimer) clearTimeout(stallTimer);
      stallTimer = null;
      setSkipping(false);
      send();
    });
    // Still no room by then: the client stopped reading; let the lines go by, counted.
    stallTimer ??= setTimeout(() => {
      stallTimer = null;
      if (!cancelRoom) return;
      setSkipping(true);
      setPaused(false);
    }, options.stallMs);
  };

  const send = () => {
    if (batchTimer) clearTimeout(batchTimer);
    batchTimer = null;
    if (finished) return;
    if (!target.connected()) return finish();
    for (;;) {
      if (target.outbox.full()) return waitForRoom();
      const batch = nextLogBatch(buffer, sentSeq, LOG_BATCH);
      if (!batch) break;
      target.lines(batch.lines, batch.dropped);
      sentSeq = batch.lastSeq;
      lastSentAt = now();
    }
    buffer.clear();
    setPaused(false);
    if (endReason !== null) {
      target.end(endReason);
      finish();
    }
  };

  return {
    ended,
    /** Reading from the cluster is under way: pause and resume it from now on. */
    attach(stream: LogUpstream) {
      upstream = stream;
      if (paused) stream.pause();
      if (skipping) stream.skip(true);
    },
    /** Lines read from the cluster. */
    push(lines: string[]) {
      if (finished) return;
      buffer.pushAll(lines);
      if (cancelRoom) return; // the socket is full: sent when it has room
      const pending = buffer.total - sentSeq;
      const waited = now() - lastSentAt;
      if (pending >= LOG_BATCH.maxLines || buffer.bytes >= LOG_BATCH.maxBytes || waited >= options.batchMs) {
        send();
      } else {
        batchTimer ??= setTimeout(send, options.batchMs - waited);
      }
    },
    /** Lines that went by while skipping: dropped, and the held ones with them. */
    skipped(count: number) {
      if (!finished) buffer.skip(count);
    },
    /** The log ended (by itself, stopped, or failed): what is held goes out, then `logs:end`. */
    end(reason: string) {
      if (finished || endReason !== null) return;
      endReason = reason;
      if (!target.connected()) return finish();
      if (!cancelRoom) send();
    },
  };
}
