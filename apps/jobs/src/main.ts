/**
 * The jobs process (queue mode): same image as the web, its own entry point,
 * as many as wanted. It runs every job's workers and keeps the schedules;
 * the web processes only enqueue. Without REDIS_URL there is no jobs process:
 * the web process runs the jobs itself (regular mode).
 */
import { openDatabase } from "@clustercord/db";
import { startBackgroundJobs, stopOnSignals } from "@clustercord/jobs";
import { createNotifyService } from "@clustercord/notify";
import { smtpConfig } from "@clustercord/notify/settings";
import { createLogger, createMetrics, serveMetrics } from "@clustercord/telemetry";
import { type JobsEnv, loadJobsEnv } from "./env";

// Configuration errors are the operator's to fix: one fatal line on stderr (it names variables, never values).
let env: JobsEnv;
try {
  env = loadJobsEnv();
} catch (error) {
  createLogger({ name: "jobs", destination: process.stderr }).fatal(
    error instanceof Error ? error.message : String(error),
  );
  process.exit(1);
}

const log = createLogger({ name: "jobs", level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
const fail = (what: string) => (error: unknown) => {
  log.fatal({ error: error instanceof Error ? error.message : String(error) }, what);
  process.exit(1);
};

// Job durations, failures and queue depths, and notifications sent: on METRICS_PORT when set.
const metrics = createMetrics();
const metricsServer = env.METRICS_PORT
  ? await serveMetrics({ metrics, port: env.METRICS_PORT, host: env.METRICS_HOST, log }).catch(
      fail("could not serve metrics"),
    )
  : null;
const db = await openDatabase({ url: env.DATABASE_URL }).catch(fail("could not open the database"));
// Notification delivery (and its sweep) run here; web processes only enqueue them.
const notify = createNotifyService({
  prisma: db.prisma,
  discord: { apiBase: env.DISCORD_API_BASE, botToken: env.DISCORD_BOT_TOKEN },
  smtp: smtpConfig(env),
  publicUrl: env.PUBLIC_URL,
  redisUrl: env.REDIS_URL,
  prefix: env.JOBS_PREFIX,
  log,
  metrics,
});
const jobs = await startBackgroundJobs({
  role: "jobs",
  prisma: db.prisma,
  redisUrl: env.REDIS_URL,
  prefix: env.JOBS_PREFIX,
  auditRetentionDays: env.AUDIT_RETENTION_DAYS,
  extraJobs: notify.jobs,
  log,
  metrics,
}).catch(fail("could not start"));
notify.attachRunner(jobs.runner);
stopOnSignals(jobs.runner, {
  log,
  afterStop: async () => {
    await notify.close();
    await db.close();
    await metricsServer?.close();
  },
});
const names = [...jobs.jobs.keys()];
log.info(
  { mode: "queue", prefix: env.JOBS_PREFIX, jobs: names },
  `ready: queue mode, prefix ${env.JOBS_PREFIX}, jobs: ${names.join(", ")}`,
);
