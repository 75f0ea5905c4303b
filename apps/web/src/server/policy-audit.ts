import { type AuditDeps, policyAuditJobs } from "@clustercord/api";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import type { Logger } from "@clustercord/telemetry";

/**
 * The background policy audit runs in each web process, in both job modes:
 * it reads that process's watch caches and opens clusters with its keys,
 * which a jobs process does not hold. Its own in-process runner schedules
 * the sweep (every POLICY_AUDIT_INTERVAL_SECONDS) and runs one pass per
 * cluster with policies enabled.
 */
export async function startPolicyAudit(
  deps: AuditDeps,
  options: { intervalSeconds: number; log: Logger },
): Promise<{ runner: JobRunner; stop(): Promise<void> }> {
  const runner = createJobRunner({ mode: "regular", log: options.log });
  const catalog = policyAuditJobs(deps, { runner: () => runner, intervalSeconds: options.intervalSeconds });
  runner.register(catalog.map((entry) => entry.job));
  runner.onFailed((event) =>
    options.log.warn(
      { reqId: `${event.id}-${event.attempt}`, job: event.job, error: event.error.message },
      "policy audit failed",
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
