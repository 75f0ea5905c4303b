/**
 * The background policy audit as jobs: a sweep on a schedule (every 60 s by
 * default, POLICY_AUDIT_INTERVAL_SECONDS) enqueues one `policies.audit` per
 * cluster with policies enabled; each runs one pass over that cluster's
 * shared caches. The process that runs them must hold the caches and the
 * cluster keys (the web process).
 */
import { listClustersWithPolicies } from "@clustercord/db";
import { type CatalogEntry, defineJob, type JobRunner } from "@clustercord/jobs";
import { z } from "zod";
import { type AuditDeps, auditCluster, openClusterForAudit } from "./policy-audit";

export const POLICY_AUDIT_JOB = "policies.audit";
export const POLICY_AUDIT_SWEEP_JOB = "policies.audit-sweep";
export const DEFAULT_POLICY_AUDIT_SECONDS = 60;

/** A cron pattern for "every N seconds": seconds below a minute (6 fields), else whole minutes. */
export function auditSchedule(seconds: number): string {
  if (seconds < 60) return `*/${Math.max(5, Math.round(seconds))} * * * * *`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes === 1 ? "0 * * * * *" : `0 */${minutes} * * * *`;
}

export function policyAuditJobs(
  deps: AuditDeps,
  options: { runner: () => JobRunner; intervalSeconds?: number },
): CatalogEntry[] {
  const interval = options.intervalSeconds ?? DEFAULT_POLICY_AUDIT_SECONDS;
  const audit = defineJob({
    name: POLICY_AUDIT_JOB,
    payload: z.object({ clusterId: z.string().min(1).max(64) }).strict(),
    retries: 1,
    concurrency: 2,
    async run({ clusterId }) {
      const cluster = await openClusterForAudit(deps, clusterId);
      // Removed since it was enqueued: nothing to audit.
      if (!cluster) return { skipped: "cluster removed" };
      return auditCluster(deps, cluster);
    },
  });
  const sweep = defineJob({
    name: POLICY_AUDIT_SWEEP_JOB,
    payload: z.object({}).strict(),
    retries: 0,
    concurrency: 1,
    async run() {
      const clusters = await listClustersWithPolicies(deps.prisma);
      const bucket = Math.floor(Date.now() / (interval * 1000));
      // One pass per cluster and interval, however many processes sweep.
      for (const clusterId of clusters)
        await options
          .runner()
          .enqueue(audit, { clusterId }, { idempotencyKey: `policies:${clusterId}:${bucket}` });
      return { clusters: clusters.length };
    },
  });
  return [{ job: audit }, { job: sweep, schedule: { cron: auditSchedule(interval), payload: {} } }];
}
