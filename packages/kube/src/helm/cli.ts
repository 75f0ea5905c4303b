/**
 * Runs the real helm CLI as one person. Helm gets a private kubeconfig with
 * the cluster's own credentials (0600, in a fresh directory removed
 * afterwards) and `--kube-as-user/--kube-as-group`, so the API server
 * decides what the person may do; its cache/config/data live under the
 * process's work dir, never in a home directory. No shell: arguments go to
 * execve as they are.
 */
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { AppError } from "@clustercord/contracts";
import type { OutboundGuard } from "@clustercord/outbound";
import type { z } from "zod";
import type { SelectedContext } from "../kubeconfig";
import { type HelmImpersonation, helmFailure, helmGlobalArgs, helmKubeconfigYaml } from "./run-args";

export type { HelmImpersonation } from "./run-args";

export interface RunHelmOptions {
  binary: string;
  /** The process's private Helm directory (HelmDeps.workDir). */
  workDir: string;
  /** The cluster as stored: helm gets its own credentials, and acts as `impersonation`. */
  cluster: SelectedContext;
  impersonation: HelmImpersonation;
  /** The guard for cluster connections (the operator's policy). */
  guard: OutboundGuard;
  /** What to run, e.g. ["list", "-n", "web", "-o", "json"]; the global flags are added. */
  args: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Each chunk helm prints, masked, as it comes (stdout and stderr). */
  onOutput?: (text: string) => void;
  /** Masks secrets in anything that leaves this function (output chunks, errors). */
  mask?: (text: string) => string;
  /** After SIGTERM, how long helm may clean up (an --atomic upgrade rolls back) before SIGKILL; default 5 s. */
  killGraceMs?: number;
  /** Values YAML, written 0600 next to the kubeconfig and passed as `-f` (values may hold secrets: never argv). */
  valuesYaml?: string;
}

export interface HelmRunResult {
  stdout: string;
  stderr: string;
}

const DEFAULT_KILL_GRACE_MS = 5_000;
/** stdout kept at most (a rendered manifest of a big chart is a few MiB). */
const MAX_STDOUT_BYTES = 64 * 1024 * 1024;
const MAX_STDERR_BYTES = 1024 * 1024;

function lookupOnce(guard: OutboundGuard, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    guard.lookup(host, {}, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * The same refusal ClusterCord's own clients get, before helm dials. Helm
 * resolves the name again itself: an answer that changes between this check
 * and helm's own lookup (DNS rebinding) is not caught here; the cluster was
 * also checked when it was added, and every other connection to it is
 * judged at dial time by the guard.
 */
async function checkClusterAddress(guard: OutboundGuard, cluster: SelectedContext): Promise<void> {
  const url = guard.checkUrl(cluster.server);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!isIP(host)) await lookupOnce(guard, host);
  if (cluster.proxyUrl && !guard.policy.allowProxy) {
    throw new AppError("FORBIDDEN", {
      userMessage: "This cluster is reached through a proxy, which the operator's policy does not allow.",
    });
  }
}

/** Runs helm; resolves with its output, or throws an AppError with its reason (masked). */
export async function runHelm(options: RunHelmOptions): Promise<HelmRunResult> {
  const mask = options.mask ?? ((text: string) => text);
  await checkClusterAddress(options.guard, options.cluster);
  const helmHome = join(options.workDir, "helm-home");
  await mkdir(helmHome, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(options.workDir, "run-"));
  const kubeconfig = join(dir, "kubeconfig");
  try {
    await writeFile(kubeconfig, helmKubeconfigYaml(options.cluster), { mode: 0o600 });
    await chmod(kubeconfig, 0o600);
    const valuesArgs: string[] = [];
    if (options.valuesYaml !== undefined) {
      const values = join(dir, "values.yaml");
      await writeFile(values, options.valuesYaml, { mode: 0o600 });
      valuesArgs.push("-f", values);
    }
    return await spawnHelm(options, {
      args: [...options.args, ...valuesArgs, ...helmGlobalArgs(kubeconfig, options.impersonation)],
      env: {
        // Nothing of this process's environment (credentials, proxies) reaches helm.
        PATH: "/usr/local/bin:/usr/bin:/bin",
        HOME: dir,
        HELM_CACHE_HOME: join(helmHome, "cache"),
        HELM_CONFIG_HOME: join(helmHome, "config"),
        HELM_DATA_HOME: join(helmHome, "data"),
        // Only the kubeconfig's own proxy (which the guard judged), none from the host.
        NO_PROXY: "*",
      },
      mask,
      hide: [kubeconfig, dir, options.workDir],
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs helm with `-o json` output and parses it with `schema` (a shape helm did not print is an UPSTREAM error). */
export async function runHelmJson<T>(options: RunHelmOptions, schema: z.ZodType<T>): Promise<T> {
  const { stdout } = await runHelm(options);
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new AppError("UPSTREAM", {
      message: `helm ${options.args[0]} printed no JSON`,
      userMessage: "Helm answered in a form ClusterCord does not understand.",
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("UPSTREAM", {
      message: `helm ${options.args[0]} JSON: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`,
      userMessage: "Helm answered in a form ClusterCord does not understand.",
    });
  }
  return parsed.data;
}

function spawnHelm(
  options: RunHelmOptions,
  run: { args: string[]; env: Record<string, string>; mask: (text: string) => string; hide: string[] },
): Promise<HelmRunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(cancelled());
      return;
    }
    const child = spawn(options.binary, run.args, {
      // Typed for this app's own environment; helm's is exactly what runHelm built.
      env: run.env as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      shell: false,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let stopped: "timeout" | "cancelled" | null = null;
    let killTimer: ReturnType<typeof setTimeout> | undefined;

    const stop = (why: "timeout" | "cancelled") => {
      if (stopped || child.exitCode !== null) return;
      stopped = why;
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
      killTimer.unref();
    };
    const timer = setTimeout(() => stop("timeout"), options.timeoutMs);
    const onAbort = () => stop("cancelled");
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= MAX_STDOUT_BYTES) stdout.push(chunk);
      options.onOutput?.(run.mask(chunk.toString("utf8")));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderrBytes += chunk.length;
      if (stderrBytes <= MAX_STDERR_BYTES) stderr.push(chunk);
      options.onOutput?.(hidePaths(run.mask(chunk.toString("utf8")), run.hide));
    });
    child.once("error", (error) => {
      cleanup();
      reject(
        new AppError("INTERNAL", {
          message: `helm could not start (${options.binary}): ${error.message}`,
          userMessage: "Helm is not available on this server; ask an operator to check HELM_BINARY.",
        }),
      );
    });
    child.once("close", (code) => {
      cleanup();
      const err = Buffer.concat(stderr).toString("utf8");
      if (stopped === "cancelled") return reject(cancelled());
      if (stopped === "timeout") {
        return reject(
          new AppError("UPSTREAM", {
            message: `helm ${options.args[0]} timed out after ${options.timeoutMs} ms`,
            userMessage: `Helm did not finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped.`,
          }),
        );
      }
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        return reject(
          new AppError("UPSTREAM", { userMessage: "Helm's output was too large to read (over 64 MiB)." }),
        );
      }
      if (code !== 0) {
        return reject(helmFailure(err, { mask: run.mask, hide: run.hide, exitCode: code }));
      }
      resolve({ stdout: Buffer.concat(stdout).toString("utf8"), stderr: err });
    });

    function cleanup() {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener("abort", onAbort);
    }
  });
}

const cancelled = () => new AppError("CONFLICT", { userMessage: "The Helm operation was cancelled." });

function hidePaths(text: string, paths: readonly string[]): string {
  let out = text;
  for (const path of paths) if (path) out = out.split(path).join("…");
  return out;
}
