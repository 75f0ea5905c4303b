import type { ExecSession } from "@clustercord/kube";
import type { Outbox } from "./outbox";

/**
 * A terminal's own window: output characters sent that its client has not
 * acknowledged as written (exec:ack). It can only slow output down; the
 * outbox (bytes the server holds for the socket) is what bounds memory, so a
 * client that acknowledges more than it read gains nothing.
 */
export const CLIENT_HIGH_WATER = 512 * 1024;
export const CLIENT_LOW_WATER = 128 * 1024;

/**
 * Flow control for one exec session: pauses reading from the cluster when
 * the socket is full or the client is behind, resumes when the socket has
 * room again and the client has caught up.
 */
export function execFlow(session: Pick<ExecSession, "pause" | "resume">, outbox: Outbox) {
  let unacked = 0;
  let paused = false;
  let closed = false;
  let cancelRoom: (() => void) | null = null;

  const maybeResume = () => {
    if (!paused || closed) return;
    if (!outbox.hasRoom()) {
      cancelRoom ??= outbox.whenRoom(() => {
        cancelRoom = null;
        maybeResume();
      });
      return;
    }
    // Otherwise the client's next acknowledgement calls this again.
    if (unacked >= CLIENT_LOW_WATER) return;
    paused = false;
    session.resume();
  };

  return {
    /** Output of `chars` characters was just emitted. */
    sent(chars: number): void {
      unacked += chars;
      if (paused || closed || (!outbox.full() && unacked <= CLIENT_HIGH_WATER)) return;
      paused = true;
      session.pause();
      maybeResume();
    },
    /** The client says its terminal wrote `chars` more characters. */
    acknowledged(chars: number): void {
      unacked = Math.max(0, unacked - chars);
      maybeResume();
    },
    close(): void {
      closed = true;
      cancelRoom?.();
      cancelRoom = null;
    },
  };
}
