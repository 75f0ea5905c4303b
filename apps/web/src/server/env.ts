import { randomBytes } from "node:crypto";
import path from "node:path";
import { type CipherKey, parseKeyring } from "@clustercord/auth";
import { AppError, SERVICE_TOKEN_MIN_LENGTH } from "@clustercord/contracts";
import type { BlobStoreConfig } from "@clustercord/db/blob-store";
import { jobsSettings } from "@clustercord/jobs/settings";
import { notifySettings } from "@clustercord/notify/settings";
import { type OutboundPolicy, parseAllowedNetworks } from "@clustercord/outbound";
import { telemetrySettings } from "@clustercord/telemetry/settings";
import { z } from "zod";

/** An operator's yes/no; unset or empty (an .env copied from .env.example) is no. */
/** CIDRs, comma separated; unset: none (public addresses only). */
const networks = z
  .string()
  .default("")
  .transform((spec, ctx) => {
    try {
      return parseAllowedNetworks(spec);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: error instanceof AppError ? error.userMessage : "is not valid",
      });
      return z.NEVER;
    }
  });

const flag = z
  .enum(["", "true", "false"], { error: "must be true or false" })
  .default("false")
  .transform((v) => v === "true");

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
    /**
     * Multiplies every API rate limit (burst and refill; packages/api/src/rate-limit.ts).
     * 0 turns them off: load benchmarks only, never a deployment people can reach.
     */
    RATE_LIMIT_SCALE: z.preprocess(
      // Empty counts as unset: "" must not coerce to 0 and silently turn limits off.
      (value) => (value === "" ? undefined : value),
      z.coerce.number({ error: "must be a number" }).min(0, "must be 0 or more").default(1),
    ),
    /** `id:base64(32 bytes)[,id:key...]`: the first seals cluster credentials and OAuth tokens, all open them. */
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
    /**
     * Private networks clusters may be on (CIDRs, comma separated), e.g. 10.0.0.0/8 for
     * self-hosted clusters. Unset: public addresses only (no loopback, private, link-local,
     * CGNAT, multicast or cloud metadata addresses).
     */
    CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: networks,
    /** Whether an uploaded kubeconfig may name a proxy-url (ClusterCord cannot check what a proxy reaches). */
    CLUSTERCORD_ALLOW_CLUSTER_PROXY: flag,
    /** Whether clusters may be reached over plain http:// (credentials unencrypted). */
    CLUSTERCORD_ALLOW_PLAIN_HTTP_CLUSTERS: flag,
    /** Whether an admin may add a cluster with TLS verification off (insecure-skip-tls-verify). */
    CLUSTERCORD_ALLOW_INSECURE_CLUSTER_TLS: flag,
    /** The helm CLI (Helm 3); the Docker image ships it. */
    HELM_BINARY: z.string().min(1).default("helm"),
    /** Helm's --timeout in seconds for operations that wait; an --atomic upgrade rolls back after it. */
    HELM_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
    /** Seconds between background policy audits of each cluster with policies enabled. */
    POLICY_AUDIT_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Seconds between cost samples of each cluster (metrics.k8s.io with the watch caches). */
    COST_SAMPLE_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Days the hourly usage rollups are kept (raw samples: 48 h). */
    COST_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
    /** Demo only: days of made-up hourly history written before each cluster's first sample (0: none). */
    COST_SIMULATED_HISTORY_DAYS: z.coerce.number().int().min(0).max(30).default(0),
    /** A Job run through ClusterCord that ran at least this many seconds DMs the person when it ends. */
    JOB_DONE_DM_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    /** How many versions of each vault secret are kept (older ones are dropped when a new one is made). */
    VAULT_VERSIONS_KEPT: z.coerce.number().int().min(1).max(1000).default(10),
    /** Snapshot archives (and other large blobs) on disk when no S3 store is set; default `${DATA_DIR}/blobs`. */
    BLOB_STORE_DIR: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    /** An S3-compatible object store for snapshot archives (scale-out); used when set, e.g. https://s3.eu-west-1.amazonaws.com. */
    S3_ENDPOINT: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
    S3_BUCKET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(3).max(63).optional()),
    S3_REGION: z.string().default("us-east-1"),
    S3_ACCESS_KEY_ID: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    /** A secret (never logged). */
    S3_SECRET_ACCESS_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    /** `endpoint/bucket/key` (MinIO and most self-hosted stores) instead of `bucket.endpoint/key`. */
    S3_FORCE_PATH_STYLE: flag,
    /** Private networks the S3 endpoint may be on (CIDRs, comma separated); unset: public addresses only. */
    CLUSTERCORD_ALLOWED_S3_NETWORKS: networks,
    /** ArtifactHub's API base (chart search and changelogs). */
    ARTIFACTHUB_URL: z.url().default("https://artifacthub.io"),
    /** Private networks chart repositories may be on (CIDRs, comma separated). Unset: public addresses only. */
    CLUSTERCORD_ALLOWED_CHART_NETWORKS: networks,
    /** Whether chart repositories may be plain http:// (only sensible inside an allowed network). */
    CLUSTERCORD_ALLOW_PLAIN_HTTP_CHARTS: flag,
    /**
     * AI explanations (diagnostics.ask), off unless set: an OpenAI-compatible API's base, e.g.
     * https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), http://vllm:8000/v1.
     */
    LLM_BASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
    /** The model to ask (required with LLM_BASE_URL), e.g. gpt-4o-mini, llama3.1. */
    LLM_MODEL: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(200).optional()),
    /** Sent as a Bearer token; a secret (never logged). Ollama and vLLM need none. */
    LLM_API_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    /** Seconds one AI answer may stream before it is cut off. */
    LLM_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(120),
    /** Private networks the AI API may be on (CIDRs, comma separated), e.g. 127.0.0.1/32 for a local Ollama. */
    CLUSTERCORD_ALLOWED_LLM_NETWORKS: networks,
    /** Whether the AI API may be plain http:// (only sensible inside an allowed network). */
    CLUSTERCORD_ALLOW_PLAIN_HTTP_LLM: flag,
    /** REDIS_URL (queue mode), JOBS_PREFIX, AUDIT_RETENTION_DAYS: one parse shared with the jobs process. */
    ...jobsSettings,
    ...notifySettings,
    /** LOG_LEVEL, LOG_PRETTY, METRICS_TOKEN, METRICS_PORT, METRICS_HOST. */
    ...telemetrySettings,
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
    if (env.S3_ENDPOINT) {
      for (const name of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const)
        if (!env[name])
          ctx.addIssue({ code: "custom", path: [name], message: "is required when S3_ENDPOINT is set" });
    }
    if (env.LLM_BASE_URL && !env.LLM_MODEL) {
      ctx.addIssue({ code: "custom", path: ["LLM_MODEL"], message: "is required when LLM_BASE_URL is set" });
    }
  });

export type WebEnv = z.infer<typeof WebEnv> & {
  AUTH_SECRET: string;
  allowedOrigins: string[];
  encryptionKeys: CipherKey[];
  /** What connections to clusters may do (ApiDeps.clusterGuard is built from it). */
  clusterPolicy: OutboundPolicy;
  /** What fetching charts (repositories, ArtifactHub) may do (ApiDeps.helm.guard). */
  chartPolicy: OutboundPolicy;
  /** What calls to the AI API may do (ApiDeps.ai.guard). */
  llmPolicy: OutboundPolicy;
  /** Where snapshot archives are kept: a directory, or the S3 store when S3_ENDPOINT is set. */
  blobStore: WebBlobStore;
};

type S3StoreConfig = Extract<BlobStoreConfig, { kind: "s3" }>;
/** The blob store's settings; the S3 store's guard is built from `policy` when it opens. */
export type WebBlobStore =
  | Extract<BlobStoreConfig, { kind: "dir" }>
  | (Omit<S3StoreConfig, "guard" | "maxObjectBytes" | "timeoutMs"> & { policy: OutboundPolicy });

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
    // Development only: an ephemeral key (clusters added and sign-ins made in
    // this run will not open after a restart; the demo passes a persistent key).
    encryptionKeys: env.CLUSTERCORD_ENCRYPTION_KEYS ?? [{ id: "dev", key: randomBytes(32) }],
    allowedOrigins: [...new Set([origin, ...extra.map((o) => new URL(o).origin)])],
    chartPolicy: {
      allowedNetworks: env.CLUSTERCORD_ALLOWED_CHART_NETWORKS,
      allowProxy: false,
      allowPlainHttp: env.CLUSTERCORD_ALLOW_PLAIN_HTTP_CHARTS,
      allowInsecureTls: false,
    },
    llmPolicy: {
      allowedNetworks: env.CLUSTERCORD_ALLOWED_LLM_NETWORKS,
      allowProxy: false,
      allowPlainHttp: env.CLUSTERCORD_ALLOW_PLAIN_HTTP_LLM,
      allowInsecureTls: false,
    },
    blobStore: env.S3_ENDPOINT
      ? {
          kind: "s3",
          endpoint: env.S3_ENDPOINT,
          bucket: env.S3_BUCKET ?? "",
          region: env.S3_REGION,
          accessKeyId: env.S3_ACCESS_KEY_ID ?? "",
          secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? "",
          forcePathStyle: env.S3_FORCE_PATH_STYLE,
          // The operator named the endpoint: its scheme is their choice; its network must be allowed.
          policy: {
            allowedNetworks: env.CLUSTERCORD_ALLOWED_S3_NETWORKS,
            allowProxy: false,
            allowPlainHttp: env.S3_ENDPOINT.startsWith("http:"),
            allowInsecureTls: false,
          },
        }
      : { kind: "dir", dir: path.resolve(env.BLOB_STORE_DIR ?? path.join(env.DATA_DIR, "blobs")) },
    clusterPolicy: {
      allowedNetworks: env.CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS,
      allowProxy: env.CLUSTERCORD_ALLOW_CLUSTER_PROXY,
      allowPlainHttp: env.CLUSTERCORD_ALLOW_PLAIN_HTTP_CLUSTERS,
      allowInsecureTls: env.CLUSTERCORD_ALLOW_INSECURE_CLUSTER_TLS,
    },
  };
}

/** next-auth v4 reads its base URL from the environment, not from options. */
export function exportLibraryEnv(env: WebEnv): void {
  process.env.NEXTAUTH_URL = env.PUBLIC_URL;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
}
