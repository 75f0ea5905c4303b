import type { IncomingMessage } from "node:http";
import { StringDecoder } from "node:string_decoder";
import {
  AppError,
  ExecAckInput,
  ExecInputInput,
  ExecResizeInput,
  ExecStartInput,
  LogsStartInput,
  type StreamAck,
  StreamStopInput,
  streamEvents,
} from "@clustercord/contracts";
import { type ExecSession, LogRingBuffer, openExec, openLogStream } from "@clustercord/kube";
import type { z } from "zod";
import { type ApiDeps, identify } from "./context";
import { recordAudit } from "./services/audit";
import { authorizeStream, recheckStream, type StreamGrant } from "./services/streams";

/** The part of a socket.io socket the stream handlers use (structural, so this package needs no socket.io). */
export interface StreamSocketLike {
  readonly request: IncomingMessage;
  readonly connected: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

export interface StreamHandlerOptions {
  /** How often each open stream's grant is checked again (default 3 s). */
  recheckMs?: number;
  /** How long log lines are gathered into one `logs:lines` event (default 75 ms). */
  batchMs?: number;
  /** Open streams one socket may hold (default 8). */
  maxStreamsPerSocket?: number;
  /** Where unexpected errors are reported in full. */
  onUnexpectedError?: (error: unknown, where: string) => void;
}

interface OpenStream {
  kind: "logs" | "exec";
  grant: StreamGrant | null;
  /** Ends the stream (and the remote request or process) with a reason for the client. */
  stop(reason: string): void;
  exec?: ExecSession;
  /** Output characters sent but not yet written by the client's terminal. */
  unacked?: number;
}

const LOG_BUFFER = { maxLines: 5_000, maxBytes: 2 * 1024 * 1024 };
const LINES_PER_EVENT = 1_000;
const DEFAULT_TAIL = 500;
/** Exec output flow control: pause reading from the cluster above HIGH unacknowledged characters, resume below LOW. */
const HIGH_WATER = 512 * 1024;
const LOW_WATER = 128 * 1024;

/**
 * Log and exec streams over socket.io. Every start is authorized on the
 * server from the socket's own session (never from anything in the event);
 * every open stream is checked again every `recheckMs` and ends, killing
 * the remote request or process, when the session, membership, role or
 * cluster access is gone. A socket's streams all end when it disconnects
 * (sign-out disconnects the session's sockets at once).
 */
export function createStreamHandler(deps: ApiDeps, options: StreamHandlerOptions = {}) {
  const recheckMs = options.recheckMs ?? 3_000;
  const batchMs = options.batchMs ?? 75;
  const maxStreams = options.maxStreamsPerSocket ?? 8;

  return (socket: StreamSocketLike) => {
    const streams = new Map<string, OpenStream>();
    const whoIsIt = () => identify(deps, socket.request).then((ctx) => ctx.identity);

    const fail = (streamId: string, error: unknown, ack: unknown) => {
      const app =
        error instanceof AppError
          ? error
          : new AppError("INTERNAL", { message: String(error), cause: error });
      if (app.code === "INTERNAL") options.onUnexpectedError?.(error, "streams");
      const answer: StreamAck = { ok: false, code: app.code, message: app.userMessage };
      socket.emit(streamEvents.streamError, { streamId, code: app.code, message: app.userMessage });
      if (typeof ack === "function") ack(answer);
    };
    const ok = (ack: unknown) => {
      if (typeof ack === "function") ack({ ok: true } satisfies StreamAck);
    };
    const parse = <S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const detail = parsed.error.issues
          .map((i) => `${i.path.join(".") || "input"}: ${i.message}`)
          .join("; ");
        throw new AppError("BAD_REQUEST", { userMessage: `Invalid input: ${detail}` });
      }
      return parsed.data;
    };
    const streamIdOf = (raw: unknown) => {
      const id = (raw as { streamId?: unknown } | null)?.streamId;
      return typeof id === "string" && id.length <= 64 ? id : "";
    };
    /** Reserves a stream id before any await, so concurrent starts cannot race past the limits. */
    const reserve = (streamId: string, kind: OpenStream["kind"]) => {
      if (streams.has(streamId))
        throw new AppError("CONFLICT", { userMessage: "That stream is already open." });
      if (streams.size >= maxStreams) {
        throw new AppError("BAD_REQUEST", {
          userMessage: `At most ${maxStreams} streams at once; close one first.`,
        });
      }
      const entry: OpenStream & { cancelled: string | null } = {
        kind,
        grant: null,
        cancelled: null,
        stop(reason) {
          entry.cancelled = reason;
          streams.delete(streamId);
        },
      };
      streams.set(streamId, entry);
      return entry;
    };

    // The check while open: one timer per socket, for all of its streams.
    let checking = false;
    const timer = setInterval(async () => {
      if (checking || streams.size === 0) return;
      checking = true;
      try {
        const identity = await whoIsIt().catch(() => null);
        for (const [, stream] of [...streams]) {
          if (!stream.grant) continue;
          const why = await recheckStream(deps, identity, stream.grant).catch(() => null);
          if (why) stream.stop(why);
        }
      } finally {
        checking = false;
      }
    }, recheckMs);
    timer.unref();
    socket.on("disconnect", () => {
      clearInterval(timer);
      for (const stream of [...streams.values()]) stream.stop("The connection closed.");
    });

    socket.on(streamEvents.logsStart, async (raw, ack) => {
      const streamId = streamIdOf(raw);
      try {
        const input = parse(LogsStartInput, raw);
        const entry = reserve(input.streamId, "logs");
        let authorized: Awaited<ReturnType<typeof authorizeStream>>;
        try {
          authorized = await authorizeStream(deps, await whoIsIt(), input, "viewer");
          if (entry.cancelled !== null) return ok(ack);
        } catch (error) {
          streams.delete(input.streamId);
          throw error;
        }
        const buffer = new LogRingBuffer(LOG_BUFFER);
        let reportedDropped = 0;
        let flushTimer: NodeJS.Timeout | null = null;
        const flush = () => {
          flushTimer = null;
          if (buffer.size === 0) return;
          const lines = buffer.snapshot().map((l) => l.text);
          const dropped = buffer.dropped - reportedDropped;
          reportedDropped = buffer.dropped;
          buffer.clear();
          for (let i = 0; i < lines.length; i += LINES_PER_EVENT) {
            socket.emit(streamEvents.logsLines, {
              streamId: input.streamId,
              lines: lines.slice(i, i + LINES_PER_EVENT),
              dropped: i === 0 ? dropped : 0,
            });
          }
        };
        let log: Awaited<ReturnType<typeof openLogStream>>;
        try {
          log = await openLogStream(
            authorized.kc,
            { ...input, tailLines: input.tailLines ?? (input.sinceSeconds ? undefined : DEFAULT_TAIL) },
            (lines) => {
              buffer.pushAll(lines);
              flushTimer ??= setTimeout(flush, batchMs);
            },
          );
        } catch (error) {
          streams.delete(input.streamId);
          throw error;
        }
        let endReason = "The log ended.";
        const stream: OpenStream = {
          kind: "logs",
          grant: authorized.grant,
          stop(reason) {
            endReason = reason;
            log.stop();
          },
        };
        if (entry.cancelled !== null || !socket.connected) {
          log.stop();
          streams.delete(input.streamId);
          return ok(ack);
        }
        streams.set(input.streamId, stream);
        ok(ack);
        void log.done.then((how) => {
          if (flushTimer) clearTimeout(flushTimer);
          flush();
          if (streams.get(input.streamId) === stream) streams.delete(input.streamId);
          const reason = how === "failed" ? "The log stream was interrupted." : endReason;
          socket.emit(streamEvents.logsEnd, { streamId: input.streamId, reason });
        });
      } catch (error) {
        fail(streamId, error, ack);
      }
    });

    const stopHandler = (kind: OpenStream["kind"]) => (raw: unknown, ack: unknown) => {
      try {
        const { streamId } = parse(StreamStopInput, raw);
        const stream = streams.get(streamId);
        if (stream?.kind === kind) stream.stop("Closed.");
        ok(ack);
      } catch (error) {
        fail(streamIdOf(raw), error, ack);
      }
    };
    socket.on(streamEvents.logsStop, stopHandler("logs"));
    socket.on(streamEvents.execStop, stopHandler("exec"));

    socket.on(streamEvents.execStart, async (raw, ack) => {
      const streamId = streamIdOf(raw);
      try {
        const input = parse(ExecStartInput, raw);
        const entry = reserve(input.streamId, "exec");
        const identity = await whoIsIt().catch(() => null);
        const target = `${input.clusterId}/${input.namespace}/${input.pod}${input.container ? `/${input.container}` : ""}`;
        const audit = (result: "ok" | "error", detail: string | null) =>
          recordAudit(
            { ...deps, identity, rejected: null },
            { action: "pods.exec", target, result, detail },
          ).catch((error: unknown) => options.onUnexpectedError?.(error, "streams.audit"));
        let session: ExecSession;
        let grant: StreamGrant;
        const decoder = new StringDecoder("utf8");
        let stream: OpenStream | null = null;
        try {
          const authorized = await authorizeStream(deps, identity, input, "operator");
          grant = authorized.grant;
          if (entry.cancelled !== null) return ok(ack);
          session = await openExec(
            authorized.kc,
            {
              namespace: input.namespace,
              pod: input.pod,
              container: input.container,
              command: [input.shell],
              tty: true,
              cols: input.cols,
              rows: input.rows,
            },
            (chunk) => {
              const data = decoder.write(chunk);
              if (!data) return;
              socket.emit(streamEvents.execOutput, { streamId: input.streamId, data });
              if (stream) {
                stream.unacked = (stream.unacked ?? 0) + data.length;
                if (stream.unacked > HIGH_WATER) session.pause();
              }
            },
          );
        } catch (error) {
          streams.delete(input.streamId);
          if (identity) await audit("error", error instanceof AppError ? error.userMessage : "failed");
          throw error;
        }
        stream = {
          kind: "exec",
          grant,
          exec: session,
          unacked: 0,
          stop(reason) {
            session.close(reason);
          },
        };
        if (entry.cancelled !== null || !socket.connected) {
          session.close("The connection closed.");
          streams.delete(input.streamId);
          return ok(ack);
        }
        const opened = stream;
        streams.set(input.streamId, opened);
        await audit("ok", null);
        ok(ack);
        void session.done.then((exit) => {
          if (streams.get(input.streamId) === opened) streams.delete(input.streamId);
          const rest = decoder.end();
          if (rest) socket.emit(streamEvents.execOutput, { streamId: input.streamId, data: rest });
          socket.emit(streamEvents.execExit, {
            streamId: input.streamId,
            code: exit.code,
            reason: exit.reason,
          });
        });
      } catch (error) {
        fail(streamId, error, ack);
      }
    });

    const execOf = (streamId: string) => {
      const stream = streams.get(streamId);
      return stream?.kind === "exec" ? stream : null;
    };
    socket.on(streamEvents.execInput, (raw) => {
      const parsed = ExecInputInput.safeParse(raw);
      if (parsed.success) execOf(parsed.data.streamId)?.exec?.write(parsed.data.data);
    });
    socket.on(streamEvents.execResize, (raw) => {
      const parsed = ExecResizeInput.safeParse(raw);
      if (parsed.success) execOf(parsed.data.streamId)?.exec?.resize(parsed.data.cols, parsed.data.rows);
    });
    socket.on(streamEvents.execAck, (raw) => {
      const parsed = ExecAckInput.safeParse(raw);
      const stream = parsed.success ? execOf(parsed.data.streamId) : null;
      if (!parsed.success || !stream) return;
      stream.unacked = Math.max(0, (stream.unacked ?? 0) - parsed.data.chars);
      if (stream.unacked < LOW_WATER) stream.exec?.resume();
    });
  };
}
