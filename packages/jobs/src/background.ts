import { AppError } from "@clustercord/contracts";
import type { PrismaClient } from "@clustercord/db";
import { defaultLogger, type Logger, type Metrics } from "@clustercord/telemetry";
import { CLEANUP_SCHEDULE, cleanupJob } from "./cleanup/job";
import { createJobRunner } from "./create";
import type { AnyJob } from "./define";
import type { JobRunner, StopResult } from "./runner";
import { DEFAULT_JOBS_PREFIX } from "./settings";

/** A job and, when it repeats, its cron schedule and payload. */
export interface CatalogEntry {
  job: AnyJob;
  schedule?: { cron: string; payload: unknown; tz?: string };
}

/** ClusterCord's own jobs (more, such as notification delivery, come in through `extraJobs`). */
export function coreJobs(deps: { prisma: PrismaClient; auditRetentionDays: number }): CatalogEntry[] {
  return [{ job: cleanupJob(deps), schedule: { cron: CLEANUP_SCHEDULE, payload: {} } }];
}

export interface BackgroundJobsOptions {
  /**
   * "web": regular mode runs every job in this process; with `redisUrl` it
   * only enqueues. "jobs": the jobs process, queue mode, runs the workers and
   * keeps the schedules.
   */
  role: "web" | "jobs";
  prisma: PrismaClient;
  /** REDIS_URL: queue mode when set. */
  redisUrl?: string | undefined;
  /** JOBS_PREFIX: the Redis key prefix (queue mode). */
  prefix?: string;
  /** AUDIT_RETENTION_DAYS. */
  auditRetentionDays: number;
  extraJobs?: CatalogEntry[];
  /** Default: JSON to stdout. */
  log?: Logger;
  /** Job durations, failures and queue depths are counted here when given. */
  metrics?: Metrics;
}

export interface BackgroundJobs {
  runner: JobRunner;
  /** The registered jobs by name, to enqueue with `runner.enqueue(jobs.get("..."), payload)`. */
  jobs: ReadonlyMap<string, AnyJob>;
  /** Whether this process runs jobs (regular mode, or the jobs process). */
  runsJobs: boolean;
  stop(graceMs?: number): Promise<StopResult>;
}

export async function startBackgroundJobs(options: BackgroundJobsOptions): Promise<BackgroundJobs> {
  if (options.role === "jobs" && !options.redisUrl)
    throw new AppError("INTERNAL", {
      message: "The jobs process runs queue mode and needs REDIS_URL (without it the web process runs jobs)",
    });
  const log = options.log ?? defaultLogger();
  const runner = createJobRunner(
    options.redisUrl
      ? { mode: "queue", redisUrl: options.redisUrl, prefix: options.prefix ?? DEFAULT_JOBS_PREFIX, log }
      : { mode: "regular", log },
  );
  const catalog = [...coreJobs(options), ...(options.extraJobs ?? [])];
  runner.register(catalog.map((entry) => entry.job));
  runner.onFailed((event) =>
    log[event.willRetry ? "warn" : "error"](
      {
        reqId: `${event.id}-${event.attempt}`,
        job: event.job,
        attempt: event.attempt,
        willRetry: event.willRetry,
        error: event.error.message,
      },
      event.willRetry ? "job run failed, will retry" : "job failed",
    ),
  );
  const runsJobs = options.role === "jobs" || runner.mode === "regular";
  // The web process in queue mode runs nothing: its depth readings would repeat the jobs process's.
  if (runsJobs) options.metrics?.observeJobs(runner);
  if (runsJobs) {
    for (const { job, schedule } of catalog)
      if (schedule) await runner.schedule(job, schedule.cron, schedule.payload, { tz: schedule.tz ?? "UTC" });
    await runner.start();
  }
  return {
    runner,
    jobs: new Map(catalog.map((entry) => [entry.job.name, entry.job])),
    runsJobs,
    stop: (graceMs) => runner.stop({ graceMs }),
  };
}
