import { costJobs, type SamplerDeps } from "@clustercord/api";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import type { Logger } from "@clustercord/telemetry";

/**
 * The cost sampler runs in each web process, in both job modes, as the
 * policy audit does: it reads that process's watch caches and opens clusters
 * with its keys. Its own in-process runner schedules the sweep (every
 * COST_SAMPLE_INTERVAL_SECONDS) and the hourly retention cleanup.
 */
export async function startCostSampler(
  deps: SamplerDeps,
  options: { intervalSeconds: number; retentionDays: number; simulatedHistoryDays?: number; log: Logger },
): Promise<{ runner: JobRunner; stop(): Promise<void> }> {
  const runner = createJobRunner({ mode: "regular", log: options.log });
  const catalog = costJobs(deps, {
    runner: () => runner,
    intervalSeconds: options.intervalSeconds,
    retentionDays: options.retentionDays,
    simulatedHistoryDays: options.simulatedHistoryDays ?? 0,
  });
  runner.register(catalog.map((entry) => entry.job));
  runner.onFailed((event) =>
    options.log.warn(
      { reqId: `${event.id}-${event.attempt}`, job: event.job, error: event.error.message },
      "cost sampling failed",
    ),
  );
  for (const { job, schedule } of catalog)
    if (schedule) await runner.schedule(job, schedule.cron, schedule.payload, { tz: "UTC" });
  await runner.start();
  return {
    runner,
    async stop() {
      await runner.stop({ graceMs: 5_000 });
    },
  };
}
