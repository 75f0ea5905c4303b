import { DEFAULT_GRACE_MS, type JobRunner } from "./runner";

/**
 * A jobs process's end: on SIGTERM or SIGINT the runner stops taking work,
 * lets running jobs finish within `graceMs` (or hands them back to the
 * queue), then `afterStop` runs and the process exits.
 */
export function stopOnSignals(
  runner: JobRunner,
  options: { graceMs?: number; afterStop?: () => Promise<void> } = {},
): void {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // The same signal may come twice (to the process group, and relayed by a
    // parent such as tsx): the first one starts the stop, the rest wait for it.
    if (stopping) return;
    stopping = true;
    console.log(`[jobs] ${signal}: stopping (running jobs get ${graceMs} ms)`);
    runner
      .stop({ graceMs })
      .then(async (result) => {
        console.log(`[jobs] stopped: ${result.finished} finished, ${result.handedBack} handed back`);
        await options.afterStop?.();
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error("[jobs] stop failed:", (error as Error).message);
        process.exit(1);
      });
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
