import type { IncomingMessage } from "node:http";
import { type ApiDeps, requestLogger } from "../context";

/**
 * The part of a socket.io socket the handlers here use: structural, so this
 * package needs no socket.io (packages/realtime provides it).
 */
export interface ApiSocket {
  /** The handshake request: its session cookie is who the socket is, for every event. */
  readonly request: IncomingMessage;
  readonly connected: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  /** Bytes the server holds for this socket that the client has not taken yet (backpressure's truth). */
  bufferedBytes(): number;
}

/** Where a handler reports errors that are not answers (ours, or a dependency that failed). */
export type ReportUnexpected = (error: unknown, where: string) => void;

/** `given`, or the socket's own logger (its reqId on the line) at error level. */
export function socketReporter(
  deps: ApiDeps,
  socket: { readonly request: IncomingMessage },
  given?: ReportUnexpected,
): ReportUnexpected {
  if (given) return given;
  return (error, where) =>
    requestLogger(deps, socket.request).error({ err: error, where }, "unexpected error");
}
