import {
  type LogsEndEvent,
  type LogsLinesEvent,
  LogsStartInput,
  type StreamAck,
  StreamStopInput,
  streamEvents,
} from "@clustercord/contracts";
import { openLogStream } from "@clustercord/kube";
import { authorizeStream } from "../services/stream-access";
import { logFlow } from "./log-flow";
import { parseEvent, refusal, refuseStream, replyTo } from "./replies";
import { socketIdentity } from "./session";
import type { StreamSocketContext } from "./streams";

const DEFAULT_TAIL = 500;

/**
 * `logs:start` … `logs:lines` … `logs:end`, and `logs:stop`. Lines go out
 * in batches (at most `batchMs` apart); a client that reads slowly slows the
 * cluster's stream down, one that stops reading is told how many lines went
 * by (`dropped`) once it reads again; see logFlow.
 */
export function handleLogs({
  deps,
  socket,
  streams,
  outbox,
  batchMs,
  stallMs,
  report,
  limits,
}: StreamSocketContext) {
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

  /** Follows the container's log; its lines go to the socket as it has room (see logFlow). */
  async function openFollowedLog(kc: Parameters<typeof openLogStream>[0], input: LogsStartInput) {
    const { streamId } = input;
    const flow = logFlow(
      {
        outbox,
        connected: () => socket.connected,
        lines(lines, dropped) {
          const event: LogsLinesEvent = { streamId, lines, dropped };
          socket.emit(streamEvents.logsLines, event);
        },
        end(reason) {
          const event: LogsEndEvent = { streamId, reason };
          socket.emit(streamEvents.logsEnd, event);
        },
      },
      { batchMs, stallMs },
    );
    const log = await openLogStream(
      kc,
      { ...input, tailLines: input.tailLines ?? (input.sinceSeconds ? undefined : DEFAULT_TAIL) },
      (lines) => flow.push(lines),
      (count) => flow.skipped(count),
    );
    flow.attach(log);
    let stopReason = "The log ended.";
    void log.done.then((how) => flow.end(how === "failed" ? "The log stream was interrupted." : stopReason));
    return {
      ended: flow.ended,
      stop(reason: string) {
        stopReason = reason;
        log.stop();
      },
    };
  }
}
