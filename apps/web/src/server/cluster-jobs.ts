import { type CatalogEntry, createJobRunner, type JobRunner } from "@clustercord/jobs";
import type { Logger } from "@clustercord/telemetry";

/**
 * Background work over clusters (the policy audit, the cost sampler) runs in
 * each web process, in both job modes: it reads that process's watch caches
 * and opens clusters with its keys, which a jobs process does not hold. Each
 * gets its own in-process runner with the catalog's schedules.
 */
export async function startClusterJobs(
  what: string,
  catalog: (runner: () => JobRunner) => CatalogEntry[],
  log: Logger,
): Promise<{ runner: JobRunner; stop(): Promise<void> }> {
  const runner = createJobRunner({ mode: "regular", log });
  const entries = catalog(() => runner);
  runner.register(entries.map((entry) => entry.job));
  runner.onFailed((event) =>
    log.warn(
      { reqId: `${event.id}-${event.attempt}`, job: event.job, error: event.error.message },
      `${what} failed`,
    ),
  );
  for (const { job, schedule } of entries)
    if (schedule) await runner.schedule(job, schedule.cron, schedule.payload, { tz: "UTC" });
  await runner.start();
  return {
    runner,
    async stop() {
      await runner.stop({ graceMs: 5_000 });
    },
  };
}
