import { z } from "zod";

// Logging and metrics settings, one parse for every process (the web's,
// the worker's and the jobs process's env.ts spread `telemetrySettings`
// into their schemas). Messages never echo a value: METRICS_TOKEN is a secret.

const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema);

export const telemetrySettings = {
  /** fatal, error, warn, info (default), debug, trace or silent. */
  LOG_LEVEL: unsetIfEmpty(
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "must be fatal, error, warn, info, debug, trace or silent",
      })
      .default("info"),
  ),
  /** Colored human-readable lines instead of JSON (the demo sets it). */
  LOG_PRETTY: unsetIfEmpty(
    z
      .enum(["true", "false"], { error: "must be true or false" })
      .default("false")
      .transform((v) => v === "true"),
  ),
  /** Web only: /metrics on the web port answers a request with `Authorization: Bearer <this>`; unset: 404. */
  METRICS_TOKEN: unsetIfEmpty(z.string().min(16, "must be at least 16 characters").optional()),
  /** /metrics on a port of its own, no token (worker and jobs processes; the web too if set). */
  METRICS_PORT: unsetIfEmpty(
    z.coerce
      .number({ error: "must be a port number" })
      .int("must be a port number")
      .min(1, "must be 1-65535")
      .max(65535, "must be 1-65535")
      .optional(),
  ),
  /** The address METRICS_PORT listens on (default 127.0.0.1; 0.0.0.0 for a scraper in a cluster). */
  METRICS_HOST: unsetIfEmpty(z.string().min(1).default("127.0.0.1")),
};
