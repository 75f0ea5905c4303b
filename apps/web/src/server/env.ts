import { randomBytes } from "node:crypto";
import { type CipherKey, parseKeyring } from "@clustercord/auth";
import { SERVICE_TOKEN_MIN_LENGTH } from "@clustercord/contracts";
import { jobsSettings } from "@clustercord/jobs/settings";
import { notifySettings } from "@clustercord/notify/settings";
import { z } from "zod";

const WebEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** The URL people open; also the OAuth callback base and the allowed Origin. */
    PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
    /** Extra origins allowed for the API and sockets (comma separated). */
    ALLOWED_ORIGINS: z.string().default(""),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** PostgreSQL URL; without it the embedded PGlite database is used. */
    DATABASE_URL: z.string().startsWith("postgres", "must be a postgresql:// URL").optional(),
    DATA_DIR: z.string().default(".data"),
    DISCORD_CLIENT_ID: z.string().regex(/^\d+$/, "must be a Discord application id"),
    DISCORD_CLIENT_SECRET: z.string().min(1),
    DISCORD_BOT_TOKEN: z.string().min(1),
    DISCORD_API_BASE: z.url().default("https://discord.com/api"),
    DISCORD_WEB_BASE: z.url().default("https://discord.com"),
    WORKER_SERVICE_TOKEN: z
      .string()
      .min(SERVICE_TOKEN_MIN_LENGTH, `must be at least ${SERVICE_TOKEN_MIN_LENGTH} characters`),
    /** `id:base64(32 bytes)[,id:key...]`: the first seals cluster credentials, all open them. */
    CLUSTERCORD_ENCRYPTION_KEYS: z
      .string()
      .optional()
      .transform((spec, ctx) => {
        if (!spec) return undefined;
        try {
          return parseKeyring(spec);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      }),
    // Background jobs (regular mode here, or queue mode on Redis) and notification email.
    ...jobsSettings,
    ...notifySettings,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production" });
    }
    if (env.NODE_ENV === "production" && !env.CLUSTERCORD_ENCRYPTION_KEYS) {
      ctx.addIssue({
        code: "custom",
        path: ["CLUSTERCORD_ENCRYPTION_KEYS"],
        message: "is required in production",
      });
    }
  });

export type WebEnv = z.infer<typeof WebEnv> & {
  AUTH_SECRET: string;
  allowedOrigins: string[];
  encryptionKeys: CipherKey[];
};

/** Parses the web server's configuration once; errors name each bad variable. */
export function loadWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  const parsed = WebEnv.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid web configuration:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  const origin = new URL(env.PUBLIC_URL).origin;
  const extra = env.ALLOWED_ORIGINS.split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    ...env,
    // Development only: a per-process secret (sessions live in the database).
    AUTH_SECRET: env.AUTH_SECRET ?? randomBytes(32).toString("hex"),
    // Development only: an ephemeral key (clusters added in this run will not
    // open after a restart; the demo passes a persistent key).
    encryptionKeys: env.CLUSTERCORD_ENCRYPTION_KEYS ?? [{ id: "dev", key: randomBytes(32) }],
    allowedOrigins: [...new Set([origin, ...extra.map((o) => new URL(o).origin)])],
  };
}

/** next-auth v4 reads its base URL from the environment, not from options. */
export function exportLibraryEnv(env: WebEnv): void {
  process.env.NEXTAUTH_URL = env.PUBLIC_URL;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
}
