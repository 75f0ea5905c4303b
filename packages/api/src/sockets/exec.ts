import { StringDecoder } from "node:string_decoder";
import {
  AppError,
  ExecAckInput,
  type ExecExitEvent,
  ExecInputInput,
  type ExecOutputEvent,
  ExecResizeInput,
  ExecStartInput,
  type StreamAck,
  type StreamErrorEvent,
  StreamStopInput,
  streamEvents,
} from "@clustercord/contracts";
import { type ExecSession, openExec } from "@clustercord/kube";
import { requestLogger } from "../context";
import { recordAudit } from "../services/audit";
import { authorizeStream, type WebIdentity } from "../services/stream-access";
import { execFlow } from "./exec-flow";
import { parseEvent, refusal, refuseStream, replyTo } from "./replies";
import { socketIdentity } from "./session";
import type { StreamSocketContext } from "./streams";

/**
 * `exec:start` … `exec:output` … `exec:exit`, with `exec:input`,
 * `exec:resize`, `exec:ack` and `exec:stop`. Needs the operator role; every
 * start is audited. Output from the cluster pauses while the socket holds
 * more than the outbox allows, or while the client's terminal has not
 * acknowledged enough of it (see execFlow).
 */
export function handleExec({ deps, socket, streams, outbox, limits, report }: StreamSocketContext) {
  /** Open terminals of this socket, by stream id. */
  const sessions = new Map<string, { exec: ExecSession; flow: ReturnType<typeof execFlow> }>();

  socket.on(streamEvents.execStart, async (raw, ack) => {
    const reply = replyTo<StreamAck>(ack);
    try {
      const input = parseEvent(ExecStartInput, raw);
      limits.start();
      const reservation = streams.reserve(input.streamId, "exec");
      const { streamId } = input;
      const identity = await socketIdentity(deps, socket).catch(() => null);
      const target = `${input.clusterId}/${input.namespace}/${input.pod}${input.container ? `/${input.container}` : ""}`;
      const audit = (who: WebIdentity, result: "ok" | "error", detail: string | null) =>
        recordAudit(
          { ...deps, log: requestLogger(deps, socket.request), identity: who, rejected: null },
          { action: "pods.exec", target, result, detail },
        ).catch((error: unknown) => report?.(error, "streams.audit"));

      let session: ExecSession;
      let flow: ReturnType<typeof execFlow> | null = null;
      const decoder = new StringDecoder("utf8");
      try {
        if (!identity) throw new AppError("UNAUTHORIZED");
        const { grant, kc } = await authorizeStream(deps, identity, input, "operator").catch(
          async (error: unknown) => {
            await audit(identity, "error", error instanceof AppError ? error.userMessage : "failed");
            throw error;
          },
        );
        if (reservation.cancelled !== null) {
          reservation.release();
          return reply({ ok: true });
        }
        session = await openExec(
          kc,
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
            const event: ExecOutputEvent = { streamId, data };
            socket.emit(streamEvents.execOutput, event);
            flow?.sent(data.length);
          },
        ).catch(async (error: unknown) => {
          await audit(identity, "error", error instanceof AppError ? error.userMessage : "failed");
          throw error;
        });
        if (reservation.cancelled !== null || !socket.connected) {
          session.close("The connection closed.");
          reservation.release();
          return reply({ ok: true });
        }
        flow = execFlow(session, outbox);
        sessions.set(streamId, { exec: session, flow });
        reservation.open(grant, (reason) => session.close(reason));
        await audit(identity, "ok", null);
      } catch (error) {
        reservation.release();
        throw error;
      }
      reply({ ok: true });
      const opened = flow;
      void session.done.then((exit) => {
        opened.close();
        sessions.delete(streamId);
        reservation.release();
        const rest = decoder.end();
        if (rest) socket.emit(streamEvents.execOutput, { streamId, data: rest } satisfies ExecOutputEvent);
        const event: ExecExitEvent = { streamId, code: exit.code, reason: exit.reason };
        socket.emit(streamEvents.execExit, event);
      });
    } catch (error) {
      reply(refuseStream(socket, raw, refusal(error, report, "streams.exec")));
    }
  });

  socket.on(streamEvents.execStop, (raw, ack) => {
    const reply = replyTo<StreamAck>(ack);
    try {
      streams.stop(parseEvent(StreamStopInput, raw).streamId, "exec", "Closed.");
      reply({ ok: true });
    } catch (error) {
      reply(refusal(error, report, "streams.exec"));
    }
  });
  socket.on(streamEvents.execInput, (raw) => {
    const parsed = ExecInputInput.safeParse(raw);
    if (!parsed.success) return;
    const session = sessions.get(parsed.data.streamId);
    if (!session) return;
    // Past the socket's input bucket, keystrokes are dropped; the terminal says why, once per flood.
    const refused = limits.input(Buffer.byteLength(parsed.data.data));
    if (!refused) return session.exec.write(parsed.data.data);
    if (refused.firstRefusal) {
      const event: StreamErrorEvent = {
        streamId: parsed.data.streamId,
        code: refused.code,
        message: refused.userMessage,
      };
      socket.emit(streamEvents.streamError, event);
    }
  });
  socket.on(streamEvents.execResize, (raw) => {
    const parsed = ExecResizeInput.safeParse(raw);
    if (parsed.success) sessions.get(parsed.data.streamId)?.exec.resize(parsed.data.cols, parsed.data.rows);
  });
  socket.on(streamEvents.execAck, (raw) => {
    const parsed = ExecAckInput.safeParse(raw);
    if (parsed.success) sessions.get(parsed.data.streamId)?.flow.acknowledged(parsed.data.chars);
  });
}
