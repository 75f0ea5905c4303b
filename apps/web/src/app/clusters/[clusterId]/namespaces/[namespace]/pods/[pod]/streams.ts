"use client";
import type {
  ExecExitEvent,
  ExecOutputEvent,
  ExecShell,
  LogsEndEvent,
  LogsLinesEvent,
  StreamAck,
  StreamErrorEvent,
} from "@clustercord/contracts";
import type { LogSource, TerminalSource } from "@clustercord/ui";
import { io, type Socket } from "socket.io-client";

/** The page's socket to our own server (the session cookie goes with it). */
export function openSocket(): Socket {
  return io({ path: "/socket.io", transports: ["websocket"], withCredentials: true, reconnection: false });
}

let seq = 0;
const newStreamId = (kind: string) => `${kind}-${Date.now().toString(36)}-${++seq}`;

interface PodRef {
  clusterId: string;
  namespace: string;
  pod: string;
  /** Default: the cluster's choice (the pod's only container). */
  container?: string;
}

function errorOf(ack: StreamAck | undefined, fallback: string) {
  return ack && !ack.ok ? ack.message : fallback;
}

/** Logs over the socket: `logs:start` … `logs:lines` … `logs:stop`. */
export function socketLogSource(socket: Socket, target: PodRef): LogSource {
  return {
    open(options, handlers) {
      const streamId = newStreamId("logs");
      const onLines = (e: LogsLinesEvent) => e.streamId === streamId && handlers.onLines(e.lines, e.dropped);
      const onEnd = (e: LogsEndEvent) => e.streamId === streamId && handlers.onEnd(e.reason);
      const onError = (e: StreamErrorEvent) => e.streamId === streamId && handlers.onError(e.message);
      const onDisconnect = () => handlers.onEnd("Disconnected.");
      socket.on("logs:lines", onLines);
      socket.on("logs:end", onEnd);
      socket.on("stream:error", onError);
      socket.on("disconnect", onDisconnect);
      socket.emit("logs:start", { streamId, ...target, ...options }, (ack: StreamAck) => {
        if (!ack.ok) handlers.onError(errorOf(ack, "The log did not open."));
      });
      return () => {
        socket.emit("logs:stop", { streamId });
        socket.off("logs:lines", onLines);
        socket.off("logs:end", onEnd);
        socket.off("stream:error", onError);
        socket.off("disconnect", onDisconnect);
      };
    },
  };
}

/** Keystrokes kept while the shell opens (one paste's worth; more is dropped). */
const MAX_PENDING_INPUT = 64 * 1024;

/** A shell over the socket: `exec:start`, input, resize, acks for flow control, `exec:stop`. */
export function socketTerminalSource(socket: Socket, target: PodRef & { shell: ExecShell }): TerminalSource {
  return {
    open(size, handlers) {
      const streamId = newStreamId("exec");
      const onOutput = (e: ExecOutputEvent) => e.streamId === streamId && handlers.onOutput(e.data);
      const onExit = (e: ExecExitEvent) => e.streamId === streamId && handlers.onExit(e.reason);
      const onError = (e: StreamErrorEvent) => e.streamId === streamId && handlers.onError(e.message);
      const onDisconnect = () => handlers.onExit("Disconnected.");
      socket.on("exec:output", onOutput);
      socket.on("exec:exit", onExit);
      socket.on("stream:error", onError);
      socket.on("disconnect", onDisconnect);
      // The server drops input for a stream it has not opened yet: keep what is typed (and the
      // last resize) until the start is acknowledged, then send it in order.
      let opened = false;
      let closed = false;
      let pending: string[] = [];
      let pendingChars = 0;
      let pendingSize: { cols: number; rows: number } | null = null;
      socket.emit("exec:start", { streamId, ...target, ...size }, (ack: StreamAck) => {
        if (!ack.ok) {
          pending = [];
          handlers.onError(errorOf(ack, "The terminal did not open."));
          return;
        }
        opened = true;
        if (closed) return;
        if (pendingSize) socket.emit("exec:resize", { streamId, ...pendingSize });
        for (const data of pending) socket.emit("exec:input", { streamId, data });
        pending = [];
      });
      return {
        input(data) {
          if (opened) socket.emit("exec:input", { streamId, data });
          else if (pendingChars + data.length <= MAX_PENDING_INPUT) {
            pending.push(data);
            pendingChars += data.length;
          }
        },
        resize(cols, rows) {
          if (opened) socket.emit("exec:resize", { streamId, cols, rows });
          else pendingSize = { cols, rows };
        },
        ack: (chars) => socket.emit("exec:ack", { streamId, chars }),
        close() {
          closed = true;
          socket.emit("exec:stop", { streamId });
          socket.off("exec:output", onOutput);
          socket.off("exec:exit", onExit);
          socket.off("stream:error", onError);
          socket.off("disconnect", onDisconnect);
        },
      };
    },
  };
}
