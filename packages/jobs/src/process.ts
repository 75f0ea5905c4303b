import { defaultLogger, type Logger } from "@clustercord/telemetry";
import { DEFAULT_GRACE_MS, type JobRunner } from "./runner";

/**
 * A jobs process's end: on SIGTERM or SIGINT the runner stops taking work,
 * lets running jobs finish within `graceMs` (or hands them back to the
 * queue), then `afterStop` runs and the process exits.
 */
export function stopOnSignals(
  runner: JobRunner,
  options: { graceMs?: number; afterStop?: () => Promise<void>; log?: Logger } = {},
): void {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const log = options.log ?? defaultLogger();
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // The same signal may come twice (to the process group, and relayed by a
    // parent such as tsx): the first one starts the stop, the rest wait for it.
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs }, `${signal}: stopping (running jobs get ${graceMs} ms)`);
    runner
      .stop({ graceMs })
      .then(async (result) => {
        log.info(result, `stopped: ${result.finished} finished, ${result.handedBack} handed back`);
        await options.afterStop?.();
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, "stop failed");
        process.exit(1);
      });
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
