import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";
import { podContainerNames } from "./containers";
import { type ExecSession, openExec } from "./exec";

export interface ExecOnceOptions {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** Default 30 s; then the session is closed and the command killed in the container. */
  timeoutMs?: number;
  /** Default 1 MiB of stdout and stderr together; what comes after is counted, not kept. */
  maxOutputBytes?: number;
}

export interface ExecOnceResult {
  container: string;
  /** null when the command did not end by itself (timed out, or closed for flooding). */
  exitCode: number | null;
  timedOut: boolean;
  /** stdout and stderr interleaved as they arrived, cut at a character boundary within the cap. */
  output: string;
  truncated: boolean;
  durationMs: number;
}

/** After this many times the cap, output is no longer read: the command is stopped as it would be on timeout. */
const FLOOD_FACTOR = 16;

/**
 * The first `maxBytes` of a byte stream, and how much came in all. Pure.
 * `text()` never ends in half a UTF-8 character.
 */
export class OutputCap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Every byte seen, kept or not. */
  total = 0;
  constructor(readonly maxBytes: number) {}

  add(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.maxBytes - this.kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(part);
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  text(): string {
    const bytes = Buffer.concat(this.chunks, this.kept);
    return bytes.subarray(0, this.truncated ? utf8Boundary(bytes) : bytes.length).toString("utf8");
  }
}

/** The length of `bytes` without a trailing incomplete UTF-8 sequence. */
export function utf8Boundary(bytes: Uint8Array): number {
  let start = bytes.length - 1;
  // Step back over at most 3 continuation bytes (10xxxxxx) to the sequence's lead byte.
  while (start >= 0 && bytes.length - start <= 4 && ((bytes[start] as number) & 0xc0) === 0x80) start--;
  if (start < 0) return bytes.length;
  const lead = bytes[start] as number;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start < needed ? start : bytes.length;
}

/**
 * Runs a command once in a container, as whoever `kc` acts as: no TTY, no
 * stdin (it reads end-of-file), stdout and stderr interleaved into one capped
 * buffer, and a timeout that closes the session and kills what it started in
 * the container (openExec's tagged kill). Resolves with the exit code, or
 * null when it timed out.
 */
export async function execOnce(kc: KubeConfig, options: ExecOnceOptions): Promise<ExecOnceResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const cap = new OutputCap(options.maxOutputBytes ?? 1 << 20);
  const started = performance.now();
  let flooded = false;
  let session: ExecSession | undefined;
  const flood = () => session?.close("The command wrote far more than can be shown; it was stopped.");
  session = await openExec(
    kc,
    {
      namespace: options.namespace,
      pod: options.pod,
      container: options.container,
      command: options.command,
      tty: false,
      stdin: false,
    },
    (chunk) => {
      cap.add(chunk);
      if (!flooded && cap.total > cap.maxBytes * FLOOD_FACTOR) {
        flooded = true;
        flood();
      }
    },
  );
  if (flooded) flood();
  const running = session;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    running.close(`The command did not end within ${Math.round(timeoutMs / 1000)} s; it was stopped.`);
  }, timeoutMs);
  const exit = await running.done.finally(() => clearTimeout(timer));
  return {
    container: running.container,
    exitCode: exit.code,
    timedOut: timedOut && exit.code === null,
    output: cap.text(),
    truncated: cap.truncated,
    durationMs: Math.round(performance.now() - started),
  };
}

export interface ExecTarget {
  /** The default container first (see podContainerNames). */
  containers: string[];
  initContainers: string[];
  /** Containers not running now (waiting, terminated, or not started): a command cannot run in them. */
  notRunning: string[];
}

/** What a command could run in: the pod's containers and which of them are not running, read as whoever `kc` is. */
export async function readExecTarget(kc: KubeConfig, namespace: string, pod: string): Promise<ExecTarget> {
  try {
    const found = await kc.makeApiClient(CoreV1Api).readNamespacedPod({ namespace, name: pod });
    const statuses = [
      ...(found.status?.containerStatuses ?? []),
      ...(found.status?.initContainerStatuses ?? []),
    ];
    const running = new Set(statuses.filter((s) => s.state?.running).map((s) => s.name));
    const names = podContainerNames(found);
    // A container without a status (the pod is not scheduled yet) is not running either.
    return {
      ...names,
      notRunning: [...names.containers, ...names.initContainers].filter((name) => !running.has(name)),
    };
  } catch (error) {
    throw fromKubeError(error);
  }
}
