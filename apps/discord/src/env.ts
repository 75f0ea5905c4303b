import { SERVICE_TOKEN_MIN_LENGTH, Snowflake } from "@clustercord/contracts";
import { telemetrySettings } from "@clustercord/telemetry/settings";
import { z } from "zod";

const required = (what = "a value") =>
  z.string({ error: (issue) => (issue.input === undefined ? "is required" : `must be ${what}`) });

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((url) => url.replace(/\/+$/, ""));

/** 127.0.0.0/8, ::1 and localhost: the API on this machine, where plain http never leaves it. */
export const isLoopbackUrl = (url: string) => {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
};

const flag = z.enum(["true", "false"], { error: "must be true or false" }).transform((v) => v === "true");

const WorkerEnvSchema = z
  .object({
    DISCORD_BOT_TOKEN: required().min(1, "is required"),
    DISCORD_APPLICATION_ID: required().pipe(Snowflake),
    /** Discord's REST base; the gateway URL is discovered from it. A local stand-in in tests. */
    DISCORD_API_BASE: httpUrl.default("https://discord.com/api"),
    CLUSTERCORD_API_URL: httpUrl.default("http://127.0.0.1:3000"),
    WORKER_SERVICE_TOKEN: required().min(
      SERVICE_TOKEN_MIN_LENGTH,
      `must be at least ${SERVICE_TOKEN_MIN_LENGTH} characters`,
    ),
    /** The web dashboard people open (the web's PUBLIC_URL): replies link to its pages; unset, they name it. */
    PUBLIC_URL: httpUrl.optional(),
    /** Register commands in this one guild (instant) instead of globally (slow to propagate). */
    DISCORD_DEV_GUILD_ID: Snowflake.optional(),
    /** Allows http:// to a non-loopback API on a private network (compose's); requests stay signed. */
    CLUSTERCORD_API_PLAIN_HTTP: flag.default(false),
    /** Slash commands and button clicks one person may make per minute (also the burst). */
    COMMANDS_PER_MINUTE: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .default(20),
    LOG_LEVEL: telemetrySettings.LOG_LEVEL,
    LOG_PRETTY: telemetrySettings.LOG_PRETTY,
    /** /metrics on this port (no token; keep it inside the cluster network). */
    METRICS_PORT: telemetrySettings.METRICS_PORT,
    METRICS_HOST: telemetrySettings.METRICS_HOST,
  })
  .superRefine((env, ctx) => {
    if (
      env.CLUSTERCORD_API_URL.startsWith("http:") &&
      !isLoopbackUrl(env.CLUSTERCORD_API_URL) &&
      !env.CLUSTERCORD_API_PLAIN_HTTP
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["CLUSTERCORD_API_URL"],
        message:
          "must be https:// unless the API is on this machine (127.0.0.1, ::1, localhost); " +
          "set CLUSTERCORD_API_PLAIN_HTTP=true only for a private network",
      });
    }
  });

export type WorkerEnv = z.infer<typeof WorkerEnvSchema>;

const keys = Object.keys(WorkerEnvSchema.shape) as (keyof WorkerEnv)[];

/**
 * Parses the worker's configuration once. Empty variables count as unset (an
 * `.env` copied from `.env.example` has many). Errors name each bad variable
 * but never echo values, which may be secrets.
 */
export function loadWorkerEnv(source: Readonly<Record<string, string | undefined>> = process.env): WorkerEnv {
  const picked = Object.fromEntries(
    keys.map((key) => [key, source[key]?.trim() ? source[key]?.trim() : undefined]),
  );
  const parsed = WorkerEnvSchema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Discord worker configuration:\n${problems.join("\n")}`);
  }
  return parsed.data;
}
