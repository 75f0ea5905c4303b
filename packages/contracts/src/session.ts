import { z } from "zod";

/** Socket events of the browser session itself. */
export const sessionEvents = {
  /**
   * Server -> client, just before the server closes the socket because its
   * session was signed out (in any tab, on any web process).
   */
  ended: "session:ended",
} as const;

export const SessionEndedEvent = z.object({ reason: z.literal("signed-out") });
export type SessionEndedEvent = z.infer<typeof SessionEndedEvent>;
