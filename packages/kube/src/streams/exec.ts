import { randomBytes } from "node:crypto";
import { PassThrough, Writable } from "node:stream";
import { AppError } from "@clustercord/contracts";
import { findOutboundRefusal } from "@clustercord/outbound";
import { CoreV1Api, Exec, type KubeConfig, type V1Status } from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";

export interface ExecOptions {
  namespace: string;
  pod: string;
  /** Defaults to the pod's first container. */
  container?: string | undefined;
  command: string[];
  tty: boolean;
  /** Whether the command gets a stdin (default true); without one it reads end-of-file at once. */
  stdin?: boolean;
  cols?: number;
  rows?: number;
  /** WebSocket ping interval to keep idle sessions open through proxies (default 30 s). */
  keepAliveMs?: number;
}

/** The environment variable that marks a session's processes (and their children) in the container. */
export const EXEC_TAG_VARIABLE = "CLUSTERCORD_EXEC";

/**
 * A script that kills every process in the container whose environment
 * carries `tag` (the session's shell and whatever it started). Closing an
 * exec stream alone does not reliably end the remote process (without a real
 * pty nothing gets SIGHUP), so closing a session runs this in a second exec.
 */
export function killTaggedScript(tag: string): string {
  if (!/^[a-f0-9]{24}$/.test(tag)) throw new Error("exec tag must be 24 hex digits");
  // Tags have one length, so one can never be a substring of another.
  return `for f in $(grep -l -a '${EXEC_TAG_VARIABLE}=${tag}' /proc/[0-9]*/environ 2>/dev/null); do p="\${f#/proc/}"; kill -9 "\${p%/environ}" 2>/dev/null; done; true`;
}

export interface ExecExit {
  /** Exit code when the command ended by itself, null when the session was closed from our side. */
  code: number | null;
  reason: string;
}

export interface ExecSession {
  container: string;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  /** Stops reading output from the cluster (flow control); `resume()` continues. */
  pause(): void;
  resume(): void;
  /** Ends the session and, with it, the remote process (idempotent). */
  close(reason?: string): void;
  done: Promise<ExecExit>;
}

/**
 * The exit code in an exec Status: the kubelet's `NonZeroExitCode` carries it
 * as an `ExitCode` cause; other runtimes (kwok) only say "exit status N".
 */
export function exitCodeOf(status: V1Status): number {
  if (status.status === "Success") return 0;
  const cause = status.details?.causes?.find((c) => c.reason === "ExitCode");
  if (cause?.message && /^\d+$/.test(cause.message)) return Number(cause.message);
  const said = /exit status (\d+)/.exec(status.message ?? "");
  return said?.[1] ? Number(said[1]) : 1;
}

/** A terminal-shaped stdout: client-node sends its size (and every 'resize') on the resize channel. */
class TerminalOut extends Writable {
  columns: number;
  rows: number;
  constructor(
    private readonly onData: (chunk: Buffer) => void,
    size: { cols: number; rows: number },
  ) {
    super();
    this.columns = size.cols;
    this.rows = size.rows;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, callback: () => void) {
    this.onData(chunk);
    callback();
  }
  setSize(cols: number, rows: number) {
    this.columns = cols;
    this.rows = rows;
    this.emit("resize");
  }
}

async function defaultContainer(kc: KubeConfig, namespace: string, pod: string): Promise<string> {
  const found = await kc
    .makeApiClient(CoreV1Api)
    .readNamespacedPod({ namespace, name: pod })
    .catch((error: unknown) => {
      throw fromKubeError(error);
    });
  const first = found.spec?.containers[0]?.name;
  if (!first) throw new AppError("NOT_FOUND", { userMessage: "That pod has no containers." });
  return first;
}

/**
 * Runs a command in a container through the pod exec API (WebSocket), as
 * whoever `kc` acts as. Output arrives through `onOutput`; `close()` closes
 * the WebSocket, which ends the remote process (the kubelet kills it when its
 * stream goes away; a TTY session also gets Ctrl-C and Ctrl-D first).
 */
export async function openExec(
  kc: KubeConfig,
  options: ExecOptions,
  onOutput: (chunk: Buffer) => void,
): Promise<ExecSession> {
  const container = options.container ?? (await defaultContainer(kc, options.namespace, options.pod));
  const tag = randomBytes(12).toString("hex");
  const command = ["env", `${EXEC_TAG_VARIABLE}=${tag}`, ...options.command];
  const stdin = new PassThrough();
  const stdout = options.tty
    ? new TerminalOut(onOutput, { cols: options.cols ?? 80, rows: options.rows ?? 24 })
    : new Writable({
        write(chunk: Buffer, _enc, callback) {
          onOutput(chunk);
          callback();
        },
      });
  const stderr = options.tty
    ? null
    : new Writable({
        write(chunk: Buffer, _enc, callback) {
          onOutput(chunk);
          callback();
        },
      });
  let status: V1Status | null = null;
  let closedBy: string | null = null;
  const ws = await new Exec(kc)
    .exec(
      options.namespace,
      options.pod,
      container,
      command,
      stdout,
      stderr,
      options.stdin === false ? null : stdin,
      options.tty,
      (s) => {
        status = s;
      },
    )
    .catch((error: unknown) => {
      // The outbound guard's refusal says what it refused (an address, a redirect); keep its words.
      const refused = findOutboundRefusal(error);
      if (refused) throw refused;
      const text = String((error as { message?: string })?.message ?? error);
      const code = /\b403\b/.test(text) ? "FORBIDDEN" : /\b404\b/.test(text) ? "NOT_FOUND" : "UPSTREAM";
      throw new AppError(code, {
        message: text,
        userMessage:
          code === "FORBIDDEN"
            ? "The cluster refused the terminal for you in that namespace."
            : code === "NOT_FOUND"
              ? "That pod or container was not found."
              : "The cluster did not open the terminal; try again shortly.",
        cause: error,
      });
    });
  ws.on("error", () => {
    // Reported through 'close'; an 'error' without a listener would crash the process.
  });
  const keepAlive = setInterval(() => {
    if (ws.readyState === ws.OPEN) ws.ping();
  }, options.keepAliveMs ?? 30_000);
  keepAlive.unref();

  /** Ends the session's processes in the container (best effort, as the same person). */
  const killRemote = async () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const killer = await new Exec(kc)
      .exec(
        options.namespace,
        options.pod,
        container,
        ["sh", "-c", killTaggedScript(tag)],
        sink,
        sink,
        null,
        false,
      )
      .catch(() => null);
    if (!killer) return;
    killer.on("error", () => {});
    setTimeout(() => killer.terminate(), 10_000).unref();
  };

  const done = new Promise<ExecExit>((resolve) => {
    ws.on("close", () => {
      clearInterval(keepAlive);
      stdin.destroy();
      const finished = status as V1Status | null;
      if (closedBy !== null) resolve({ code: null, reason: closedBy });
      else if (finished) {
        const code = exitCodeOf(finished);
        resolve({ code, reason: code === 0 ? "The command ended." : `The command ended with code ${code}.` });
      } else resolve({ code: null, reason: "The cluster closed the session." });
    });
  });

  return {
    container,
    write(data) {
      if (closedBy === null) stdin.write(data);
    },
    resize(cols, rows) {
      if (stdout instanceof TerminalOut) stdout.setSize(cols, rows);
    },
    pause() {
      ws.pause();
    },
    resume() {
      ws.resume();
    },
    close(reason = "The session was closed.") {
      if (closedBy !== null) return;
      closedBy = reason;
      ws.resume();
      if (options.tty && ws.readyState === ws.OPEN) {
        // Interrupt whatever runs in the foreground, then end the shell.
        stdin.write("\u0003\u0004");
      }
      if (status === null) void killRemote();
      setTimeout(() => ws.close(), 50).unref();
      setTimeout(() => ws.terminate(), 2_000).unref();
    },
    done,
  };
}
