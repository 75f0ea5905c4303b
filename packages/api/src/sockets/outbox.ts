/**
 * Backpressure per socket. What counts is the server's own truth: the bytes
 * it holds for the socket that the client has not taken (ApiSocket
 * .bufferedBytes: engine.io's write buffer plus the WebSocket's unsent
 * bytes), never what a client says it has read. Above HIGH_WATER a stream
 * stops sending (a terminal pauses its output from the cluster; a log keeps
 * only its newest lines and later says how many it dropped); below LOW_WATER
 * it goes on. Bytes held stay under HIGH_WATER plus one event.
 */
import type { ApiSocket } from "./socket";

export const OUTBOX_HIGH_WATER = 256 * 1024;
export const OUTBOX_LOW_WATER = 64 * 1024;
/** How often a waiting stream looks again (the buffer shrinks as the kernel takes bytes; no event says so). */
const ROOM_POLL_MS = 25;

export interface Outbox {
  bufferedBytes(): number;
  /** More than HIGH_WATER held: stop sending. */
  full(): boolean;
  /** At most LOW_WATER held: send again. */
  hasRoom(): boolean;
  /** Calls `ready` once the socket has room (soon, if it has now); returns the cancel. */
  whenRoom(ready: () => void): () => void;
  /** Forgets every waiter (on disconnect). */
  close(): void;
}

export function socketOutbox(
  socket: Pick<ApiSocket, "bufferedBytes">,
  limits: { high: number; low: number } = { high: OUTBOX_HIGH_WATER, low: OUTBOX_LOW_WATER },
): Outbox {
  const waiters = new Set<() => void>();
  let closed = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopPolling = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const poll = () => {
    if (socket.bufferedBytes() > limits.low) return;
    const ready = [...waiters];
    waiters.clear();
    stopPolling();
    for (const call of ready) call();
  };
  return {
    bufferedBytes: () => socket.bufferedBytes(),
    full: () => socket.bufferedBytes() > limits.high,
    hasRoom: () => socket.bufferedBytes() <= limits.low,
    whenRoom(ready) {
      if (closed) return () => {};
      waiters.add(ready);
      if (!timer) {
        timer = setInterval(poll, ROOM_POLL_MS);
        timer.unref?.();
      }
      return () => {
        waiters.delete(ready);
        if (waiters.size === 0) stopPolling();
      };
    },
    close() {
      closed = true;
      waiters.clear();
      stopPolling();
    },
  };
}
