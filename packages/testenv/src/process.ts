import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { collectOutput } from "./leak-check";

/** Whether a process (by pid) still exists; EPERM means it does, as another user's. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether 127.0.0.1:`port` can be listened on right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on loopback (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Ready when a GET to this URL answers < 500, or when stdout prints `readyLine`. */
  readyUrl?: string;
  readyLine?: RegExp;
  timeoutMs?: number;
  /** Echo the child's output with a name prefix (the demo does; tests keep it for failures). */
  echo?: boolean;
}

export interface Service {
  name: string;
  child: ChildProcess;
  /** Everything the process printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a long-running child in its own process group and waits until it is
 * ready. stop() ends the whole group (SIGTERM, then SIGKILL after 5 s), so
 * nothing it started is left behind.
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  let ready = false;
  let onLine: (() => void) | undefined;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    log = (log + text).slice(-200_000);
    collectOutput(options.name, text);
    if (options.echo) {
      for (const line of text.split("\n").filter(Boolean))
        process.stdout.write(`[${options.name}] ${line}\n`);
    }
    if (options.readyLine?.test(log)) onLine?.();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const service: Service = {
    name: options.name,
    child,
    output: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const pid = child.pid;
      if (!pid) return;
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {}
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };

  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const readyByLine = new Promise<void>((resolve) => {
    onLine = resolve;
  });
  const readyByUrl = (async () => {
    if (!options.readyUrl) return new Promise<void>(() => {});
    while (!ready && Date.now() < deadline) {
      try {
        const res = await fetch(options.readyUrl, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
        if (res.status < 500) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 200));
    }
    if (!ready) await new Promise<void>(() => {}); // the timeout below reports it
  })();
  const failed = exited.then((code) => {
    throw new Error(`${options.name} exited with code ${code} before it was ready:\n${log.slice(-4000)}`);
  });
  const timedOut = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`${options.name} not ready after ${timeoutMs} ms:\n${log.slice(-4000)}`)),
      timeoutMs,
    ).unref(),
  );
  try {
    await Promise.race([readyByLine, readyByUrl, failed, timedOut]);
    ready = true;
  } catch (error) {
    await service.stop();
    throw error;
  }
  failed.catch(() => {});
  return service;
}
