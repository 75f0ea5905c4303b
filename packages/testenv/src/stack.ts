import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openDatabase, type PrismaClient } from "@clustercord/db";
import { binaryPaths } from "./cluster/index";
import { LOCAL_CLUSTER_NETWORKS } from "./cluster-policy";
import { type DiscordStandIn, startDiscordStandIn } from "./discord/index";
import { collectOutput, registerSecret } from "./leak-check";
import { freePort, type Service, startService } from "./process";
import { seedRoleMappings } from "./seed";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

async function collectAuditRows(options: StackOptions) {
  const db = await openDatabase({ url: options.databaseUrl, dataDir: path.join(options.dataDir, "pglite") });
  try {
    const rows = await db.prisma.auditLog.findMany();
    collectOutput(
      "stack audit rows",
      JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? String(v) : v)),
    );
  } finally {
    await db.close();
  }
}

/** The local install's credential key, kept beside its data so restarts can open what it sealed. */
function localEncryptionKeys(dataDir: string): string {
  const file = path.join(dataDir, "encryption-keys");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `local:${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export interface StackOptions {
  /** PostgreSQL URL; otherwise PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  webPort?: number;
  discordPort?: number;
  /** Echo the children's logs (the demo does). */
  echo?: boolean;
  /** Extra seeding, run on the database before the web server owns it. */
  seed?: (prisma: PrismaClient) => Promise<void>;
  /**
   * RATE_LIMIT_SCALE for the web process. The end-to-end specs act as one
   * person far faster than anyone clicks (the limits have their own tests).
   */
  rateLimitScale?: number;
  /** ArtifactHub's base URL for the web process (tests: the stand-in's). */
  artifactHubUrl?: string;
  /** AI explanations through this OpenAI-compatible API on 127.0.0.1 (the LLM stand-in's base URL); default: off. */
  llmBaseUrl?: string;
}

export interface Stack {
  webUrl: string;
  discord: DiscordStandIn;
  web: Service;
  worker: Service;
  serviceToken: string;
  stop(): Promise<void>;
}

/**
 * The whole product on one machine, as separate processes: the Discord
 * stand-in (in this process), the web server (pages, API, auth, sockets)
 * and the Discord worker. Used by the demo and the end-to-end tests.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {});
  };
  try {
    const discord = await startDiscordStandIn({ port: options.discordPort ?? 0 });
    started.push({ stop: () => discord.close() });
    const pgliteDir = path.join(options.dataDir, "pglite");

    // Seed the fixture's role mappings before the server owns the database.
    const db = await openDatabase({ url: options.databaseUrl, dataDir: pgliteDir });
    try {
      await seedRoleMappings(db.prisma, discord.fixture.guilds);
      await options.seed?.(db.prisma);
    } finally {
      await db.close();
    }

    const webPort = options.webPort ?? (await freePort());
    const webUrl = `http://127.0.0.1:${webPort}`;
    const serviceToken = registerSecret(randomBytes(32).toString("hex"), "stack service token");
    const authSecret = registerSecret(randomBytes(32).toString("hex"), "stack AUTH_SECRET");
    const encryptionKeys = localEncryptionKeys(options.dataDir);
    registerSecret(encryptionKeys.slice(encryptionKeys.indexOf(":") + 1), "stack encryption key");
    const oauth = discord.fixture.oauthClients[0];
    if (!oauth) throw new Error("the Discord fixture has no OAuth client");
    const common = {
      ...process.env,
      DISCORD_API_BASE: discord.apiBase,
      DISCORD_BOT_TOKEN: discord.fixture.bot.token,
      WORKER_SERVICE_TOKEN: serviceToken,
    };
    // tsx as a loader in the one process (no relaying parent): signals reach our own handlers.
    const tsx = ["--import", "tsx"];
    const web = await startService({
      name: "web",
      command: process.execPath,
      args: [...tsx, "apps/web/server.ts"],
      cwd: repoRoot,
      env: {
        ...common,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(webPort),
        PUBLIC_URL: webUrl,
        AUTH_SECRET: authSecret,
        CLUSTERCORD_ENCRYPTION_KEYS: encryptionKeys,
        DATA_DIR: options.dataDir,
        ...(options.rateLimitScale !== undefined ? { RATE_LIMIT_SCALE: String(options.rateLimitScale) } : {}),
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
        DISCORD_CLIENT_ID: oauth.clientId,
        DISCORD_CLIENT_SECRET: oauth.clientSecret,
        DISCORD_WEB_BASE: discord.webBase,
        // The local control plane listens on 127.0.0.1: allowed, and nothing else private.
        CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: LOCAL_CLUSTER_NETWORKS,
        // The local chart repository and ArtifactHub stand-in: plain http on 127.0.0.1.
        HELM_BINARY: binaryPaths().helm,
        CLUSTERCORD_ALLOWED_CHART_NETWORKS: LOCAL_CLUSTER_NETWORKS,
        CLUSTERCORD_ALLOW_PLAIN_HTTP_CHARTS: "true",
        HELM_TIMEOUT_SECONDS: "30",
        ...(options.artifactHubUrl ? { ARTIFACTHUB_URL: options.artifactHubUrl } : {}),
        ...(options.llmBaseUrl
          ? {
              LLM_BASE_URL: options.llmBaseUrl,
              LLM_MODEL: "stand-in",
              CLUSTERCORD_ALLOWED_LLM_NETWORKS: LOCAL_CLUSTER_NETWORKS,
              CLUSTERCORD_ALLOW_PLAIN_HTTP_LLM: "true",
            }
          : {}),
      },
      readyUrl: `${webUrl}/api/health`,
      timeoutMs: 120_000,
      echo: options.echo,
    });
    started.push(web);
    // After the web server stops (it owns an embedded database), its audit rows join the leak check.
    started.unshift({ stop: () => collectAuditRows(options) });
    const worker = await startService({
      name: "discord",
      command: process.execPath,
      args: [...tsx, "apps/discord/src/main.ts"],
      cwd: repoRoot,
      env: {
        ...common,
        DISCORD_APPLICATION_ID: discord.fixture.application.id,
        CLUSTERCORD_API_URL: webUrl,
      },
      readyLine: /ready/i,
      timeoutMs: 60_000,
      echo: options.echo,
    });
    started.push(worker);
    return { webUrl, discord, web, worker, serviceToken, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
