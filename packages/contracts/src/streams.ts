import { z } from "zod";
import { ClusterId } from "./clusters";

/**
 * Live streams over socket.io (logs and exec). The client names each stream
 * it opens (`streamId`, unique per socket); every server event carries it.
 * Every client event is parsed with these schemas before anything else.
 */

/** A Kubernetes object name (RFC 1123 subdomain; pods, namespaces, containers). */
export const KubeName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes name");

export const StreamId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must be letters, digits, - or _");

const PodTarget = z.object({
  streamId: StreamId,
  clusterId: ClusterId,
  namespace: KubeName,
  pod: KubeName,
  container: KubeName.optional(),
});

export const LogsStartInput = PodTarget.extend({
  follow: z.boolean().default(true),
  /** Lines from the end to start with (default: the server's, 500). */
  tailLines: z.number().int().min(1).max(10_000).optional(),
  sinceSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .optional(),
  previous: z.boolean().default(false),
  timestamps: z.boolean().default(false),
});
export type LogsStartInput = z.infer<typeof LogsStartInput>;

export const StreamStopInput = z.object({ streamId: StreamId });
export type StreamStopInput = z.infer<typeof StreamStopInput>;

export const ExecShell = z.enum(["sh", "bash"]);
export type ExecShell = z.infer<typeof ExecShell>;

const Cols = z.number().int().min(1).max(1000);
const Rows = z.number().int().min(1).max(500);

export const ExecStartInput = PodTarget.extend({ shell: ExecShell, cols: Cols, rows: Rows });
export type ExecStartInput = z.infer<typeof ExecStartInput>;

/** Keystrokes or pasted text; at most 64 KiB per event. */
export const ExecInputInput = z.object({ streamId: StreamId, data: z.string().max(64 * 1024) });
export type ExecInputInput = z.infer<typeof ExecInputInput>;

export const ExecResizeInput = z.object({ streamId: StreamId, cols: Cols, rows: Rows });
export type ExecResizeInput = z.infer<typeof ExecResizeInput>;

/** The client's terminal has written this many more output characters (flow control). */
export const ExecAckInput = z.object({
  streamId: StreamId,
  chars: z
    .number()
    .int()
    .min(0)
    .max(1 << 30),
});
export type ExecAckInput = z.infer<typeof ExecAckInput>;

// Server -> client.
export interface LogsLinesEvent {
  streamId: string;
  /** In order; empty when the event only says how many were dropped. */
  lines: string[];
  /** Lines the server dropped before this batch because the client stopped reading. */
  dropped: number;
}
export interface LogsEndEvent {
  streamId: string;
  reason: string;
}
export interface ExecOutputEvent {
  streamId: string;
  data: string;
}
export interface ExecExitEvent {
  streamId: string;
  /** The command's exit code when it ended by itself; null when the session was closed. */
  code: number | null;
  reason: string;
}
export interface StreamErrorEvent {
  streamId: string;
  code: string;
  /** Safe to show; never names another server's things. */
  message: string;
}

/** The answer to a start or stop event's acknowledgement callback. */
export type StreamAck = { ok: true } | { ok: false; code: string; message: string };

export const streamEvents = {
  logsStart: "logs:start",
  logsStop: "logs:stop",
  execStart: "exec:start",
  execInput: "exec:input",
  execResize: "exec:resize",
  execAck: "exec:ack",
  execStop: "exec:stop",
  logsLines: "logs:lines",
  logsEnd: "logs:end",
  execOutput: "exec:output",
  execExit: "exec:exit",
  streamError: "stream:error",
} as const;
