/**
 * The cost sampler as jobs (the pattern of policy-job.ts): a sweep every
 * COST_SAMPLE_INTERVAL_SECONDS enqueues one `cost.sample` per cluster, keyed
 * by cluster and interval bucket so several processes sweeping still sample
 * once; each pass is stamped with its bucket's time, so a retried pass finds
 * its samples stored and adds nothing twice. An hourly cleanup applies the
 * retention (raw samples 48 h, hours COST_RETENTION_DAYS).
 */
import { deleteUsageBefore, listClusterIds } from "@clustercord/db";
import { type CatalogEntry, defineJob, type JobRunner } from "@clustercord/jobs";
import { z } from "zod";
import { type SamplerDeps, sampleCluster } from "./cost-sampler";
import { openClusterForAudit } from "./policy-audit";
import { auditSchedule } from "./policy-job";

export const COST_SAMPLE_JOB = "cost.sample";
export const COST_SAMPLE_SWEEP_JOB = "cost.sample-sweep";
export const COST_CLEANUP_JOB = "cost.cleanup";
export const DEFAULT_COST_SAMPLE_SECONDS = 60;
export const DEFAULT_COST_RETENTION_DAYS = 400;
/** Raw samples are kept this long (the hours hold the rest). */
export const SAMPLE_RETENTION_MS = 48 * 3_600_000;

/** Retention cutoffs at `now`. */
export function retentionCutoffs(now: Date, retentionDays: number) {
  return {
    samplesBefore: new Date(now.getTime() - SAMPLE_RETENTION_MS),
    hoursBefore: new Date(now.getTime() - retentionDays * 86_400_000),
  };
}

export function costJobs(
  deps: SamplerDeps,
  options: {
    runner: () => JobRunner;
    intervalSeconds?: number;
    retentionDays?: number;
    /** Demo only: made-up history before each cluster's first pass (see cost-sampler.ts). */
    simulatedHistoryDays?: number;
  },
): CatalogEntry[] {
  const interval = options.intervalSeconds ?? DEFAULT_COST_SAMPLE_SECONDS;
  const retentionDays = options.retentionDays ?? DEFAULT_COST_RETENTION_DAYS;
  const sample = defineJob({
    name: COST_SAMPLE_JOB,
    payload: z
      .object({
        clusterId: z.string().min(1).max(64),
        at: z.iso.datetime(),
        seconds: z.number().int().min(1).max(3600),
      })
      .strict(),
    retries: 1,
    concurrency: 2,
    async run({ clusterId, at, seconds }) {
      const cluster = await openClusterForAudit(deps, clusterId);
      // Removed since it was enqueued: nothing to sample.
      if (!cluster) return { skipped: "cluster removed" };
      return sampleCluster(deps, cluster, {
        at: new Date(at),
        seconds,
        simulatedHistoryDays: options.simulatedHistoryDays ?? 0,
      });
    },
  });
  const sweep = defineJob({
    name: COST_SAMPLE_SWEEP_JOB,
    payload: z.object({}).strict(),
    retries: 0,
    concurrency: 1,
    async run() {
      const clusters = await listClusterIds(deps.prisma);
      const bucket = Math.floor(Date.now() / (interval * 1000));
      const at = new Date(bucket * interval * 1000).toISOString();
      for (const clusterId of clusters)
        await options
          .runner()
          .enqueue(
            sample,
            { clusterId, at, seconds: interval },
            { idempotencyKey: `cost:${clusterId}:${bucket}` },
          );
      return { clusters: clusters.length };
    },
  });
  const cleanup = defineJob({
    name: COST_CLEANUP_JOB,
    payload: z.object({}).strict(),
    retries: 1,
    concurrency: 1,
    run: () => deleteUsageBefore(deps.prisma, retentionCutoffs(new Date(), retentionDays)),
  });
  return [
    { job: sample },
    { job: sweep, schedule: { cron: auditSchedule(interval), payload: {} } },
    // Hourly, off the hour's start (when every sweep runs).
    { job: cleanup, schedule: { cron: "0 17 * * * *", payload: {} } },
  ];
}
