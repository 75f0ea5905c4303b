import {
  type LogsEndEvent,
  type LogsLinesEvent,
  LogsStartInput,
  type StreamAck,
  StreamStopInput,
  streamEvents,
} from "@clustercord/contracts";
import { LogRingBuffer, openLogStream } from "@clustercord/kube";
import { authorizeStream } from "../services/stream-access";
import { nextLogBatch } from "./log-batches";
import { parseEvent, refusal, refuseStream, replyTo } from "./replies";
import { socketIdentity } from "./session";
import type { StreamSocketContext } from "./streams";

/** Lines held per stream while the socket is full: the newest are kept, the rest counted as dropped. */
const LOG_BUFFER = { maxLines: 5_000, maxBytes: 1024 * 1024 };
const BATCH_LIMITS = { maxLines: 1_000, maxBytes: 64 * 1024 };
const DEFAULT_TAIL = 500;

/**
 * `logs:start` … `logs:lines` … `logs:end`, and `logs:stop`. Lines are
 * gathered for `batchMs` into one event; while the socket holds more than
 * the outbox allows, they wait in a bounded buffer that keeps the newest,
 * and the next event says how many were dropped (`dropped`).
 */
export function handleLogs({ deps, socket, streams, outbox, batchMs, report, limits }: StreamSocketContext) {
  socket.on(streamEvents.logsStart, async (raw, ack) => {
    const reply = replyTo<StreamAck>(ack);
    try {
      const input = parseEvent(LogsStartInput, raw);
      limits.start();
      const reservation = streams.reserve(input.streamId, "logs");
      let opened: Awaited<ReturnType<typeof openFollowedLog>>;
      try {
        const { grant, kc } = await authorizeStream(
          deps,
          await socketIdentity(deps, socket),
          input,
          "viewer",
        );
        if (reservation.cancelled !== null) return reply({ ok: true });
        opened = await openFollowedLog(kc, input);
        if (reservation.cancelled !== null || !socket.connected) {
          opened.stop(reservation.cancelled ?? "The connection closed.");
          reservation.release();
          return reply({ ok: true });
        }
        reservation.open(grant, (reason) => opened.stop(reason));
      } catch (error) {
        reservation.release();
        throw error;
      }
      reply({ ok: true });
      void opened.ended.then(() => reservation.release());
    } catch (error) {
      reply(refuseStream(socket, raw, refusal(error, report, "streams.logs")));
    }
  });

  socket.on(streamEvents.logsStop, (raw, ack) => {
    const reply = replyTo<StreamAck>(ack);
    try {
      streams.stop(parseEvent(StreamStopInput, raw).streamId, "logs", "Closed.");
      reply({ ok: true });
    } catch (error) {
      reply(refusal(error, report, "streams.logs"));
    }
  });

  /** Reads the container's log into a bounded buffer and sends it on as the socket has room. */
  async function openFollowedLog(kc: Parameters<typeof openLogStream>[0], input: LogsStartInput) {
    const { streamId } = input;
    const buffer = new LogRingBuffer(LOG_BUFFER);
    let sentSeq = 0;
    let batchTimer: ReturnType<typeof setTimeout> | null = null;
    let waitingForRoom: (() => void) | null = null;
    /** Set when the log has ended: `logs:end` follows the last line sent. */
    let endReason: string | null = null;
    let finished!: () => void;
    const ended = new Promise<void>((resolve) => {
      finished = resolve;
    });

    const send = () => {
      batchTimer = null;
      if (!socket.connected) {
        buffer.clear();
        return finished();
      }
      for (;;) {
        const batch = nextLogBatch(buffer, sentSeq, BATCH_LIMITS);
        if (!batch) break;
        if (outbox.full()) {
          waitingForRoom ??= outbox.whenRoom(() => {
            waitingForRoom = null;
            send();
          });
          return;
        }
        const event: LogsLinesEvent = { streamId, lines: batch.lines, dropped: batch.dropped };
        socket.emit(streamEvents.logsLines, event);
        sentSeq = batch.lastSeq;
      }
      buffer.clear();
      if (endReason !== null) {
        const event: LogsEndEvent = { streamId, reason: endReason };
        socket.emit(streamEvents.logsEnd, event);
        finished();
      }
    };

    const log = await openLogStream(
      kc,
      { ...input, tailLines: input.tailLines ?? (input.sinceSeconds ? undefined : DEFAULT_TAIL) },
      (lines) => {
        buffer.pushAll(lines);
        if (!waitingForRoom) batchTimer ??= setTimeout(send, batchMs);
      },
    );
    let stopReason = "The log ended.";
    void log.done.then((how) => {
      endReason = how === "failed" ? "The log stream was interrupted." : stopReason;
      if (batchTimer) clearTimeout(batchTimer);
      if (!waitingForRoom) send();
    });
    return {
      ended,
      stop(reason: string) {
        stopReason = reason;
        log.stop();
      },
    };
  }
}
