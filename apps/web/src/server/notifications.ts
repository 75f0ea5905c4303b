import type { PrismaClient } from "@clustercord/db";
import {
  type BackgroundJobs,
  type CatalogEntry,
  type JobRunner,
  startBackgroundJobs,
} from "@clustercord/jobs";
import { createNotifyService, type NotifyService } from "@clustercord/notify";
import { smtpConfig } from "@clustercord/notify/settings";
import type { WebEnv } from "./env";
import type { WebTelemetry } from "./observability";

export interface WebNotifications {
  service: NotifyService;
  jobs: BackgroundJobs;
  stop(): Promise<void>;
}

/**
 * The web process's notify service and its background jobs: in regular
 * mode (no REDIS_URL) this process runs the deliveries itself; in queue
 * mode it only enqueues and the jobs processes (apps/jobs) deliver.
 */
export async function startWebNotifications(
  env: WebEnv,
  prisma: PrismaClient,
  telemetry: Pick<WebTelemetry, "log" | "metrics">,
  /** More jobs this process runs (the policy audit), given the runner they enqueue on. */
  moreJobs: (runner: () => JobRunner) => CatalogEntry[] = () => [],
): Promise<WebNotifications> {
  const service = createNotifyService({
    prisma,
    discord: { apiBase: env.DISCORD_API_BASE, botToken: env.DISCORD_BOT_TOKEN },
    smtp: smtpConfig(env),
    publicUrl: env.PUBLIC_URL,
    redisUrl: env.REDIS_URL,
    prefix: env.JOBS_PREFIX,
    log: telemetry.log,
    metrics: telemetry.metrics,
  });
  let runner: JobRunner | undefined;
  const extra = moreJobs(() => {
    if (!runner) throw new Error("the background jobs have not started yet");
    return runner;
  });
  const jobs = await startBackgroundJobs({
    role: "web",
    prisma,
    redisUrl: env.REDIS_URL,
    prefix: env.JOBS_PREFIX,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    extraJobs: [...service.jobs, ...extra],
    log: telemetry.log,
    metrics: telemetry.metrics,
  });
  service.attachRunner(jobs.runner);
  runner = jobs.runner;
  return {
    service,
    jobs,
    async stop() {
      await jobs.stop();
      await service.close();
    },
  };
}
