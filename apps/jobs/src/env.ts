import { jobsSettings, redisUrlSetting } from "@clustercord/jobs/settings";
import { notifySettings } from "@clustercord/notify/settings";
import { telemetrySettings } from "@clustercord/telemetry/settings";
import { z } from "zod";

const required = (why: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `is required: ${why}` : "must be text") });

const JobsEnvSchema = z.object({
  REDIS_URL: required(
    "the jobs process runs queue mode (without REDIS_URL the web process runs jobs itself)",
  ).pipe(redisUrlSetting),
  DATABASE_URL: required(
    "the jobs process shares the web's PostgreSQL (the embedded database serves one process)",
  ).startsWith("postgres", "must be a postgresql:// URL"),
  JOBS_PREFIX: jobsSettings.JOBS_PREFIX,
  AUDIT_RETENTION_DAYS: jobsSettings.AUDIT_RETENTION_DAYS,
  // Notification delivery runs here in queue mode: as the bot (Discord REST) and over SMTP.
  DISCORD_BOT_TOKEN: required("notification delivery sends Discord DMs and channel posts as the bot").min(1),
  DISCORD_API_BASE: z.url("must be a URL").default("https://discord.com/api"),
  PUBLIC_URL: z.url("must be a URL").default("http://127.0.0.1:3000"),
  SMTP_URL: notifySettings.SMTP_URL,
  SMTP_FROM: notifySettings.SMTP_FROM,
  LOG_LEVEL: telemetrySettings.LOG_LEVEL,
  LOG_PRETTY: telemetrySettings.LOG_PRETTY,
  /** /metrics on this port (no token; keep it inside the cluster network). */
  METRICS_PORT: telemetrySettings.METRICS_PORT,
  METRICS_HOST: telemetrySettings.METRICS_HOST,
});

export type JobsEnv = z.infer<typeof JobsEnvSchema>;

const keys = Object.keys(JobsEnvSchema.shape) as (keyof JobsEnv)[];

/**
 * Parses the jobs process's configuration once. Empty variables count as
 * unset (an `.env` copied from `.env.example` has many). Errors name each bad
 * variable but never echo values: the URLs may carry passwords.
 */
export function loadJobsEnv(source: Readonly<Record<string, string | undefined>> = process.env): JobsEnv {
  const picked = Object.fromEntries(
    keys.map((key) => [key, source[key]?.trim() ? source[key]?.trim() : undefined]),
  );
  const parsed = JobsEnvSchema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid jobs process configuration:\n${problems.join("\n")}`);
  }
  return parsed.data;
}
