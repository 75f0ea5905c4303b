import { z } from "zod";

// The background-work settings, one parse for every process that reads
// them (apps/jobs/src/env.ts; the web's env.ts spreads `jobsSettings` into
// its schema). Messages name the problem and never echo the value: a Redis
// URL may carry a password.

export const DEFAULT_JOBS_PREFIX = "clustercord";

export const redisUrlSetting = z
  .string()
  .regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL")
  .refine((value) => URL.canParse(value), "must be a redis:// or rediss:// URL");

/** An empty variable (as `.env.example` leaves them) counts as unset. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema);

export const jobsSettings = {
  /** Queue mode (BullMQ on Redis, a separate jobs process) when set; regular mode (in the web process) when not. */
  REDIS_URL: unsetIfEmpty(redisUrlSetting.optional()),
  /** Prefix of every Redis key the queues use. */
  JOBS_PREFIX: unsetIfEmpty(
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 letters, digits, '.', '_' or '-'")
      .default(DEFAULT_JOBS_PREFIX),
  ),
  /** Audit rows older than this many days are deleted by the daily cleanup; 0 keeps them forever. */
  AUDIT_RETENTION_DAYS: unsetIfEmpty(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a whole number of days (0 keeps audit rows forever)")
      .default("90")
      .transform(Number),
  ),
};
