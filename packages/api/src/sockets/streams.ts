import type { ApiDeps } from "../context";
import { handleExec } from "./exec";
import { type StreamInputLimits, streamInputLimits } from "./input-limits";
import { handleLogs } from "./logs";
import { type OpenStreams, openStreams } from "./open-streams";
import { type Outbox, socketOutbox } from "./outbox";
import { type ApiSocket, type ReportUnexpected, socketReporter } from "./socket";

export interface StreamHandlerOptions {
  /** How often each open stream's grant is checked again (default 3 s, inside the 5 s promise). */
  recheckMs?: number;
  /** How long log lines are gathered into one `logs:lines` event (default 75 ms). */
  batchMs?: number;
  /** Open streams one socket may hold (default 8). */
  maxStreamsPerSocket?: number;
  /** Where unexpected errors are reported in full. */
  onUnexpectedError?: ReportUnexpected;
}

/** What the log and exec handlers of one socket share. */
export interface StreamSocketContext {
  deps: ApiDeps;
  socket: ApiSocket;
  streams: OpenStreams;
  outbox: Outbox;
  /** What the client may send into streams (keystroke bytes, starts), per socket. */
  limits: StreamInputLimits;
  batchMs: number;
  report: ReportUnexpected | undefined;
}

/**
 * Log and exec streams over socket.io. Every start is authorized on the
 * server from the socket's own session (never from anything in the event);
 * every open stream is checked again every `recheckMs` and ends when access
 * is gone (see openStreams). What a socket's streams send is bounded by its
 * outbox, whatever the client does.
 */
export function createStreamHandler(deps: ApiDeps, options: StreamHandlerOptions = {}) {
  return (socket: ApiSocket) => {
    const outbox = socketOutbox(socket);
    socket.on("disconnect", () => outbox.close());
    const context: StreamSocketContext = {
      deps,
      socket,
      streams: openStreams(deps, socket, {
        recheckMs: options.recheckMs ?? 3_000,
        maxStreams: options.maxStreamsPerSocket ?? 8,
      }),
      outbox,
      limits: streamInputLimits(),
      batchMs: options.batchMs ?? 75,
      report: socketReporter(deps, socket, options.onUnexpectedError),
    };
    handleLogs(context);
    handleExec(context);
  };
}
