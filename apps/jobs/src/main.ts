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
import { type JobsEnv, loadJobsEnv } from "./env";

// Configuration errors are the operator's to fix: print them plainly and exit.
let env: JobsEnv;
try {
  env = loadJobsEnv();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const fail = (what: string) => (error: unknown) => {
  console.error(`[jobs] ${what}:`, error instanceof Error ? error.message : error);
  process.exit(1);
};

const db = await openDatabase({ url: env.DATABASE_URL }).catch(fail("could not open the database"));
// Notification delivery (and its sweep) run here; web processes only enqueue them.
const notify = createNotifyService({
  prisma: db.prisma,
  discord: { apiBase: env.DISCORD_API_BASE, botToken: env.DISCORD_BOT_TOKEN },
  smtp: smtpConfig(env),
  publicUrl: env.PUBLIC_URL,
  redisUrl: env.REDIS_URL,
  prefix: env.JOBS_PREFIX,
});
const jobs = await startBackgroundJobs({
  role: "jobs",
  prisma: db.prisma,
  redisUrl: env.REDIS_URL,
  prefix: env.JOBS_PREFIX,
  auditRetentionDays: env.AUDIT_RETENTION_DAYS,
  extraJobs: notify.jobs,
}).catch(fail("could not start"));
notify.attachRunner(jobs.runner);
stopOnSignals(jobs.runner, {
  afterStop: async () => {
    await notify.close();
    await db.close();
  },
});
console.log(`[jobs] ready: queue mode, prefix ${env.JOBS_PREFIX}, jobs: ${[...jobs.jobs.keys()].join(", ")}`);
