import { TokenBucket } from "@clustercord/contracts";
import { SlowDown } from "../rate-limit";

/** Keystroke bytes a socket may send into its terminals: a large paste at once, then a fast typist's worth. */
export const EXEC_INPUT_BUCKET = { capacity: 256 * 1024, refillPerSecond: 64 * 1024 };
/** Stream starts per socket: each one costs Discord and cluster calls to authorize. */
export const STREAM_START_BUCKET = { capacity: 20, refillPerSecond: 1 };

/**
 * What one socket may send into streams, whatever the client does: input
 * past the bucket is dropped (the client is told once per emptying), and a
 * flood of starts is refused with the API's "slow down" before any check runs.
 */
export function streamInputLimits(now: () => number = Date.now) {
  const input = new TokenBucket(EXEC_INPUT_BUCKET, now());
  const starts = new TokenBucket(STREAM_START_BUCKET, now());
  return {
    /** Null when `bytes` of input may pass; otherwise the refusal (to report when it is the first). */
    input(bytes: number): SlowDown | null {
      const taken = input.take(now(), bytes);
      return taken.ok ? null : new SlowDown(taken.retryAfterSeconds, taken.firstRefusal, "terminal input");
    },
    /** Throws SlowDown when this socket starts streams faster than the bucket allows. */
    start(): void {
      const taken = starts.take(now());
      if (!taken.ok) throw new SlowDown(taken.retryAfterSeconds, taken.firstRefusal, "stream starts");
    },
  };
}

export type StreamInputLimits = ReturnType<typeof streamInputLimits>;
