import { AppError } from "@clustercord/contracts";
import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";
import { podContainerNames } from "./containers";
import { type LogStreamOptions, openLogStream } from "./logs";

/**
 * A pod's container names (the default first, see podContainerNames), read as whoever
 * `kc` authenticates as (so the cluster's RBAC decides); a missing pod
 * rejects with NOT_FOUND.
 */
export async function readPodContainers(
  kc: KubeConfig,
  namespace: string,
  pod: string,
): Promise<{ containers: string[]; initContainers: string[] }> {
  try {
    return podContainerNames(await kc.makeApiClient(CoreV1Api).readNamespacedPod({ namespace, name: pod }));
  } catch (error) {
    throw fromKubeError(error);
  }
}

export interface LogTailLimits {
  /** Bytes kept (UTF-8, a newline per line); the oldest lines go first past it. Default 1 MiB. */
  maxBytes?: number;
  /** The whole read, from asking to the last byte. Default 20 s. */
  timeoutMs?: number;
}

export interface LogTail {
  /** The newest lines of the requested tail that fit in `maxBytes`, oldest first. */
  lines: string[];
  /** Their size: UTF-8 bytes plus one newline each. */
  bytes: number;
  /** Whether older lines of the tail were left out to stay within `maxBytes`. */
  truncated: boolean;
}

const tooSlow = () =>
  new AppError("UPSTREAM", {
    message: "log read timed out",
    userMessage: "The cluster took too long to send the log; try fewer lines.",
  });

/**
 * Reads the end of a container's log once (no follow), as whoever `kc`
 * authenticates as (an impersonating KubeConfig reads as the person), keeping
 * only the newest lines that fit in `maxBytes` so memory stays bounded
 * whatever the cluster sends. Refusals reject with the cluster's AppError
 * (NOT_FOUND, BAD_REQUEST, FORBIDDEN) from openLogStream.
 */
export async function readLogTail(
  kc: KubeConfig,
  options: Omit<LogStreamOptions, "follow">,
  limits: LogTailLimits = {},
): Promise<LogTail> {
  const maxBytes = limits.maxBytes ?? 1024 * 1024;
  const timeoutMs = limits.timeoutMs ?? 20_000;
  const kept: string[] = [];
  const sizes: number[] = [];
  let head = 0;
  let bytes = 0;
  let truncated = false;
  const onLines = (lines: string[]) => {
    for (const line of lines) {
      const size = Buffer.byteLength(line, "utf8") + 1;
      kept.push(line);
      sizes.push(size);
      bytes += size;
      while (bytes > maxBytes && head < kept.length) {
        bytes -= sizes[head] ?? 0;
        head++;
        truncated = true;
      }
    }
    // Forget dropped lines in bulk, not one shift at a time.
    if (head > 1024 && head * 2 > kept.length) {
      kept.splice(0, head);
      sizes.splice(0, head);
      head = 0;
    }
  };

  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const opening = openLogStream(kc, { ...options, follow: false }, onLines);
  const stream = await Promise.race([
    opening,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(tooSlow()), timeoutMs);
    }),
  ]).catch((error: unknown) => {
    // A request the cluster answers after we gave up is ended then.
    void opening.then((late) => late.stop()).catch(() => {});
    throw error;
  });
  clearTimeout(timer);
  timer = setTimeout(() => stream.stop(), Math.max(0, deadline - Date.now()));
  const how = await stream.done;
  clearTimeout(timer);
  if (how === "stopped") throw tooSlow();
  if (how === "failed") {
    throw new AppError("UPSTREAM", {
      message: "log read broke off",
      userMessage: "The cluster stopped sending the log midway; try again.",
    });
  }
  return { lines: kept.slice(head), bytes, truncated };
}
