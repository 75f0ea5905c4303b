import { SERVICE_TOKEN_MIN_LENGTH, Snowflake } from "@clustercord/contracts";
import { z } from "zod";

const required = (what = "a value") =>
  z.string({ error: (issue) => (issue.input === undefined ? "is required" : `must be ${what}`) });

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((url) => url.replace(/\/+$/, ""));

const WorkerEnvSchema = z.object({
  DISCORD_BOT_TOKEN: required().min(1, "is required"),
  DISCORD_APPLICATION_ID: required().pipe(Snowflake),
  /** Discord's REST base; the gateway URL is discovered from it. A local stand-in in tests. */
  DISCORD_API_BASE: httpUrl.default("https://discord.com/api"),
  CLUSTERCORD_API_URL: httpUrl.default("http://127.0.0.1:3000"),
  WORKER_SERVICE_TOKEN: required().min(
    SERVICE_TOKEN_MIN_LENGTH,
    `must be at least ${SERVICE_TOKEN_MIN_LENGTH} characters`,
  ),
  /** Register commands in this one guild (instant) instead of globally (slow to propagate). */
  DISCORD_DEV_GUILD_ID: Snowflake.optional(),
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
