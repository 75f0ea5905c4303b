import { type StreamAck, type StreamErrorEvent, streamEvents } from "@clustercord/contracts";
import type { z } from "zod";
import { invalidInput, isUnexpected, toAppError } from "../errors";
import type { ApiSocket, ReportUnexpected } from "./socket";

export type Refusal = Extract<StreamAck, { ok: false }>;

/** The event's acknowledgement callback, if the client sent one (a client may not). */
export function replyTo<T>(ack: unknown): (answer: T) => void {
  return (answer) => {
    if (typeof ack === "function") ack(answer);
  };
}

/** An event's payload checked with its schema; a refusal names the fields (never their values). */
export function parseEvent<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

/** Any error as the client may see it, through the API's one error mapper; unexpected ones are reported in full. */
export function refusal(error: unknown, report: ReportUnexpected | undefined, where: string): Refusal {
  const app = toAppError(error);
  if (isUnexpected(app)) report?.(error, where);
  return { ok: false, code: app.code, message: app.userMessage };
}

/** Tells the client a stream did not open (also as `stream:error`, for clients that sent no callback). */
export function refuseStream(socket: ApiSocket, raw: unknown, refused: Refusal): Refusal {
  const id = (raw as { streamId?: unknown } | null)?.streamId;
  const streamId = typeof id === "string" && id.length <= 64 ? id : "";
  const event: StreamErrorEvent = { streamId, code: refused.code, message: refused.message };
  socket.emit(streamEvents.streamError, event);
  return refused;
}
