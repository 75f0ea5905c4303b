/**
 * The two ends the streams benchmark compares: a socket.io client of
 * ClusterCord's log and terminal events (as the pod page uses them), and
 * `kubectl logs -f` / `kubectl exec` against the same API server.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import type { ExecExitEvent, ExecOutputEvent, LogsLinesEvent, StreamAck } from "@clustercord/contracts";
import type { Socket } from "socket.io-client";
import { RunLineCounter } from "./log-burst";

export interface PodRef {
  clusterId: string;
  namespace: string;
  pod: string;
  container: string;
}

export interface LogFollower {
  counter: RunLineCounter;
  /** Resolves once the stream delivered its first line (the tail): it is following. */
  ready: Promise<void>;
  /** Lines the server said it dropped because this client could not keep up. */
  dropped(): number;
  stop(): Promise<void>;
}

let seq = 0;
const streamId = (kind: string) => `bench-${kind}-${process.pid}-${++seq}`;

/** `logs:start` with tailLines 1, counting the lines of run `run`. */
export async function socketLogFollower(
  socket: Socket,
  pod: PodRef,
  run: string,
  onLine?: (seq: number, now: number) => void,
): Promise<LogFollower> {
  const id = streamId("logs");
  const counter = new RunLineCounter(run, onLine);
  let dropped = 0;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const onLines = (e: LogsLinesEvent) => {
    if (e.streamId !== id) return;
    markReady();
    dropped += e.dropped;
    counter.lines(e.lines, performance.now());
  };
  socket.on("logs:lines", onLines);
  const ack = (await socket
    .timeout(30_000)
    .emitWithAck("logs:start", { streamId: id, ...pod, tailLines: 1 })) as StreamAck;
  if (!ack.ok) throw new Error(`logs:start refused: ${ack.code} ${ack.message}`);
  return {
    counter,
    ready,
    dropped: () => dropped,
    async stop() {
      await socket
        .timeout(10_000)
        .emitWithAck("logs:stop", { streamId: id })
        .catch(() => undefined);
      socket.off("logs:lines", onLines);
    },
  };
}

/** `kubectl logs -f --tail=1`, stdout drained through a pipe. */
export function kubectlLogFollower(
  kubectl: string,
  kubeconfig: string,
  pod: PodRef,
  run: string,
  onLine?: (seq: number, now: number) => void,
): LogFollower {
  const counter = new RunLineCounter(run, onLine);
  const child = spawn(
    kubectl,
    [
      `--kubeconfig=${kubeconfig}`,
      "logs",
      "-f",
      "--tail=1",
      "-n",
      pod.namespace,
      pod.pod,
      "-c",
      pod.container,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout.setEncoding("utf8");
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-2_000);
  });
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("error", reject);
    void closed.then(() => reject(new Error(`kubectl logs ended: ${stderr}`)));
  });
  ready.catch(() => {});
  child.stdout.on("data", (chunk: string) => counter.text(chunk, performance.now()));
  return {
    counter,
    ready,
    dropped: () => 0,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await closed;
    },
  };
}

export interface TerminalWaiter {
  /** Resolves with the time of the output event whose text matched, and the characters received by then. */
  promise: Promise<{ at: number; chars: number }>;
}

/**
 * A terminal over the socket (`exec:start` ... `exec:output`), acknowledging
 * each output event at once, as the web terminal does after xterm has written it.
 * Keeps only the last few hundred characters (for markers), never the whole output.
 */
export async function socketTerminal(socket: Socket, pod: PodRef, size = { cols: 120, rows: 40 }) {
  const id = streamId("exec");
  let chars = 0;
  let tail = "";
  const waiters: {
    test: (window: string, data: string) => boolean;
    done: (v: { at: number; chars: number }) => void;
  }[] = [];
  const onOutput = (e: ExecOutputEvent) => {
    if (e.streamId !== id) return;
    const at = performance.now();
    chars += e.data.length;
    socket.emit("exec:ack", { streamId: id, chars: e.data.length });
    const window = tail + e.data;
    for (const w of [...waiters]) {
      if (w.test(window, e.data)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done({ at, chars });
      }
    }
    tail = window.slice(-256);
  };
  let exitReason: string | null = null;
  const onExit = (e: ExecExitEvent) => {
    if (e.streamId === id) exitReason = e.reason;
  };
  socket.on("exec:output", onOutput);
  socket.on("exec:exit", onExit);
  const ack = (await socket
    .timeout(30_000)
    .emitWithAck("exec:start", { streamId: id, ...pod, shell: "sh", ...size })) as StreamAck;
  if (!ack.ok) throw new Error(`exec:start refused: ${ack.code} ${ack.message}`);

  const wait = (test: (window: string, data: string) => boolean, timeoutMs: number, what: string) =>
    new Promise<{ at: number; chars: number }>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(entry), 1);
        reject(
          new Error(
            `no ${what} within ${timeoutMs} ms${exitReason ? ` (the terminal ended: ${exitReason})` : ""}`,
          ),
        );
      }, timeoutMs);
      const entry = {
        test,
        done: (v: { at: number; chars: number }) => {
          clearTimeout(timer);
          resolve(v);
        },
      };
      waiters.push(entry);
    });
  return {
    chars: () => chars,
    send: (data: string) => socket.emit("exec:input", { streamId: id, data }),
    /** The first output whose recent text (this event plus the last 256 characters) matches. */
    waitForText: (pattern: RegExp, timeoutMs: number) =>
      wait((window) => pattern.test(window), timeoutMs, String(pattern)),
    /** The first output event that itself contains `text` (an echo). */
    waitForEcho: (text: string, timeoutMs: number) =>
      wait((_window, data) => data.includes(text), timeoutMs, `echo of ${JSON.stringify(text)}`),
    async close() {
      socket.emit("exec:stop", { streamId: id });
      socket.off("exec:output", onOutput);
      socket.off("exec:exit", onExit);
    },
  };
}

/** `kubectl exec` (no TTY) of a command, stdout drained: bytes and seconds, process start included. */
export function kubectlExecThroughput(kubectl: string, kubeconfig: string, pod: PodRef, command: string) {
  return new Promise<{ bytes: number; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      kubectl,
      [
        `--kubeconfig=${kubeconfig}`,
        "exec",
        "-n",
        pod.namespace,
        pod.pod,
        "-c",
        pod.container,
        "--",
        "sh",
        "-c",
        command,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let bytes = 0;
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      bytes += c.length;
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-2_000);
    });
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) reject(new Error(`kubectl exec exited with ${code}: ${stderr}`));
      else resolve({ bytes, ms: performance.now() - started });
    });
  });
}
