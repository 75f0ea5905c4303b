import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  alertsJobs,
  canaryJobs,
  costJobs,
  createAiDeps,
  createApiHandler,
  createClusterGuard,
  createHelmDeps,
  createNotificationsSocketHandler,
  createPodsSocketHandler,
  createRateLimiter,
  createResourcesSocketHandler,
  createSnapshotDownloadHandler,
  createStreamHandler,
  type JobFollower,
  jobRunJobs,
  policyAuditJobs,
  ResourceCaches,
  SNAPSHOT_DOWNLOAD_PATH,
  type SnapshotTaker,
  snapshotJobs,
} from "@clustercord/api";
import {
  createCredentialCipher,
  createDiscordDirectory,
  createEnvelopeCipher,
  readSessionToken,
} from "@clustercord/auth";
import { createAuthOptions } from "@clustercord/auth/next-auth";
import {
  findActiveSession,
  openDatabase,
  type PrismaClient,
  sealPlaintextAccountTokens,
} from "@clustercord/db";
import { attachRealtime, type Realtime } from "@clustercord/realtime";
import { type Logger, requestIdOf } from "@clustercord/telemetry";
import next from "next";
import { createAuthRoute } from "./auth-route";
import { openBlobStore } from "./blob-store";
import { startClusterJobs } from "./cluster-jobs";
import { exportLibraryEnv, type WebEnv } from "./env";
import { startWebNotifications } from "./notifications";
import { startWebTelemetry } from "./observability";
import { isForeignOrigin, setSecurityHeaders } from "./security";

export interface WebServer {
  url: string;
  /** The server's database client (tests seed through it). */
  prisma: PrismaClient;
  server: Server;
  /** The socket.io side (tests read a socket's buffered bytes through it). */
  realtime: Realtime;
  log: Logger;
  stop(): Promise<void>;
}

/** A session's socket room name: a digest, so raw tokens never leave the database. */
const sessionKey = (token: string) => createHash("sha256").update(token).digest("base64url").slice(0, 32);
const appDir = path.join(import.meta.dirname, "../..");
const notFound = async (_req: IncomingMessage, res: ServerResponse) => {
  res.statusCode = 404;
  res.end();
};
/** Pages that need a session; without one the browser is sent to sign in. */
const protectedPages = /^\/(dashboard|guilds|audit|clusters|roles|notifications|settings)(\/|$)/;

/**
 * One process: Next.js pages, /api/auth (next-auth), /api/trpc and
 * socket.io, sharing one database client and one Discord directory.
 */
export interface StartOptions {
  /** Next.js development mode (hot reload). */
  dev?: boolean;
  /** Serve the pages (default true); API-only servers are for tests. */
  pages?: boolean;
  /** Replaces the logger made from LOG_LEVEL/LOG_PRETTY (tests capture its lines). */
  logger?: Logger;
}

export async function startWebServer(env: WebEnv, options: StartOptions = {}): Promise<WebServer> {
  exportLibraryEnv(env);
  // Logs (JSON lines, request ids) and metrics (/metrics) for everything below.
  const telemetry = await startWebTelemetry(env, { log: options.logger });
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: path.resolve(env.DATA_DIR, "pglite") });
  const cipher = createCredentialCipher(env.encryptionKeys);
  // OAuth tokens stored before they were sealed: sealed now, before anything reads them.
  await sealPlaintextAccountTokens(db.prisma, cipher);
  const directory = createDiscordDirectory({
    apiBase: env.DISCORD_API_BASE,
    botToken: env.DISCORD_BOT_TOKEN,
  });
  const secure = env.PUBLIC_URL.startsWith("https:");
  const sessionUser = async (req: IncomingMessage) => {
    const token = readSessionToken(req.headers.cookie);
    const session = token ? await findActiveSession(db.prisma, token) : null;
    return session ? { userId: session.userId, sessionKey: sessionKey(session.sessionToken) } : null;
  };
  // Set once the socket server exists; sign-out closes that session's sockets.
  let closeSessionSockets = (_key: string) => {};
  const authRoute = createAuthRoute(
    createAuthOptions({
      prisma: db.prisma,
      cipher,
      secret: env.AUTH_SECRET,
      secureCookies: secure,
      onSignOut: (sessionToken) => closeSessionSockets(sessionKey(sessionToken)),
      discord: {
        clientId: env.DISCORD_CLIENT_ID,
        clientSecret: env.DISCORD_CLIENT_SECRET,
        apiBase: env.DISCORD_API_BASE,
        webBase: env.DISCORD_WEB_BASE,
      },
    }),
  );
  // Watch-backed caches (one per cluster and resource type), shared by every reader and the policy audit.
  const caches = new ResourceCaches({ metrics: telemetry.metrics.registry, log: telemetry.log });
  // Every connection to a cluster: the operator's networks and permissions, never a redirect.
  const clusterGuard = createClusterGuard(env.clusterPolicy);
  // notify(), its delivery jobs (and the background jobs' runner), the live unread feed.
  const notifications = await startWebNotifications(env, db.prisma, telemetry);
  // The background policy audit over this process's caches.
  const policyAudit = await startClusterJobs(
    "policy audit",
    (runner) =>
      policyAuditJobs(
        { prisma: db.prisma, cipher, caches, clusterGuard },
        { runner, intervalSeconds: env.POLICY_AUDIT_INTERVAL_SECONDS },
      ),
    telemetry.log,
  );
  // The cost sampler (metrics.k8s.io joined with the same caches), then the budgets after each rollup.
  const costSampler = await startClusterJobs(
    "cost sampling",
    (runner) =>
      costJobs(
        { prisma: db.prisma, cipher, caches, clusterGuard, notifications: notifications.service },
        {
          runner,
          intervalSeconds: env.COST_SAMPLE_INTERVAL_SECONDS,
          retentionDays: env.COST_RETENTION_DAYS,
          simulatedHistoryDays: env.COST_SIMULATED_HISTORY_DAYS,
        },
      ),
    telemetry.log,
  );
  // What the jobs that act on clusters share: the database, the keys, the caches, the guard, notify()
  // and the Discord directory (a person's role is read again before acting for them).
  const clusterJobDeps = {
    prisma: db.prisma,
    directory,
    cipher,
    caches,
    clusterGuard,
    notifications: notifications.service,
    log: telemetry.log,
  };
  // Alerts: evaluated on cache changes (debounced) and every minute, delivered through notify().
  const alerts = await startClusterJobs(
    "alerts",
    (runner) => alertsJobs(clusterJobDeps, { runner }),
    telemetry.log,
  );
  // Jobs started through jobs.run/jobs.trigger, followed to their end ("job done" DMs).
  let jobFollower: JobFollower | undefined;
  const jobRuns = await startClusterJobs(
    "job runs",
    (runner) => {
      const jobs = jobRunJobs(clusterJobDeps, { runner, dmAfterSeconds: env.JOB_DONE_DM_AFTER_SECONDS });
      jobFollower = jobs.follower;
      return jobs.entries;
    },
    telemetry.log,
  );
  // Canary releases: their analysis every few seconds, then the automatic promotion or rollback.
  const canaries = await startClusterJobs(
    "canary analysis",
    (runner) => canaryJobs(clusterJobDeps, { runner }),
    telemetry.log,
  );
  // Cluster snapshots: taken in the background as the person, sealed, kept in the blob store.
  const blobStore = openBlobStore(env);
  let snapshotTaker: SnapshotTaker | undefined;
  const snapshotRuns = await startClusterJobs(
    "snapshots",
    (runner) => {
      const jobs = snapshotJobs(
        { ...clusterJobDeps, store: blobStore, envelope: createEnvelopeCipher(env.encryptionKeys) },
        { runner },
      );
      snapshotTaker = jobs.taker;
      return jobs.entries;
    },
    telemetry.log,
  );
  const apiDeps = {
    prisma: db.prisma,
    jobFollower,
    directory,
    serviceToken: env.WORKER_SERVICE_TOKEN,
    cipher,
    // The vault's (and snapshots') envelope encryption, on the same keyring; versions kept per secret.
    envelope: createEnvelopeCipher(env.encryptionKeys),
    vaultVersionsKept: env.VAULT_VERSIONS_KEPT,
    // A key of its own for confirmations, derived from the auth secret.
    confirmationKey: createHash("sha256").update(`clustercord-confirm:${env.AUTH_SECRET}`).digest(),
    caches,
    clusterGuard,
    // Token buckets per person and guild, shared by every request this process serves.
    rateLimiter: createRateLimiter({ scale: env.RATE_LIMIT_SCALE }),
    notifications: notifications.service,
    // Unexpected errors go to each request's (or socket's) child logger, with its reqId.
    log: telemetry.log,
    metrics: telemetry.metrics,
    discordApp: { clientId: env.DISCORD_CLIENT_ID, webBase: env.DISCORD_WEB_BASE },
    ...(snapshotTaker
      ? { snapshots: { store: blobStore, taker: snapshotTaker, publicUrl: env.PUBLIC_URL } }
      : {}),
    // Helm runs as the person; charts and ArtifactHub come through their own guard.
    helm: createHelmDeps({
      binary: env.HELM_BINARY,
      artifactHubUrl: env.ARTIFACTHUB_URL,
      policy: env.chartPolicy,
      timeoutSeconds: env.HELM_TIMEOUT_SECONDS,
    }),
    // AI explanations only when an operator configured a model; off, nothing is ever sent.
    ...(env.LLM_BASE_URL && env.LLM_MODEL
      ? {
          ai: createAiDeps({
            baseUrl: env.LLM_BASE_URL,
            model: env.LLM_MODEL,
            apiKey: env.LLM_API_KEY ?? null,
            policy: env.llmPolicy,
            timeoutMs: env.LLM_TIMEOUT_SECONDS * 1000,
          }),
        }
      : {}),
  };
  const api = createApiHandler(apiDeps);
  // Snapshot archives behind the links snapshots.download signs.
  const snapshotDownload = createSnapshotDownloadHandler(apiDeps);
  // Log and exec streams: authorized per start from the socket's session, re-checked while open.
  const streams = createStreamHandler(apiDeps);
  // Live pod lists: batched changes from the shared caches, authorized like pods.list.
  const livePods = createPodsSocketHandler(apiDeps);
  // Live resource lists: "something changed" batches; the page asks resources.list again.
  const liveResources = createResourcesSocketHandler(apiDeps);
  const liveUnread = createNotificationsSocketHandler(apiDeps);
  const nextApp =
    options.pages === false
      ? null
      : next({ dev: options.dev ?? false, dir: appDir, hostname: env.HOST, port: env.PORT });
  await nextApp?.prepare();
  const pages = nextApp?.getRequestHandler() ?? notFound;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", env.PUBLIC_URL);
    telemetry.observe(req, res);
    setSecurityHeaders(req, res, { discordWebBase: env.DISCORD_WEB_BASE, secure, dev: options.dev ?? false });
    try {
      if (url.pathname === "/api/health") {
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify({ ok: true, database: db.kind }));
      } else if (url.pathname === "/metrics") {
        await telemetry.metricsRoute(req, res);
      } else if (url.pathname.startsWith("/api/trpc/")) {
        if (isForeignOrigin(req, env.allowedOrigins)) {
          res.statusCode = 403;
          res.end(JSON.stringify({ error: "foreign origin" }));
          return;
        }
        api(req, res);
      } else if (url.pathname === SNAPSHOT_DOWNLOAD_PATH) {
        await snapshotDownload(req, res);
      } else if (url.pathname.startsWith("/api/auth/")) {
        await authRoute(req, res, url);
      } else if (protectedPages.test(url.pathname) && !(await sessionUser(req))) {
        res.statusCode = 302;
        res.setHeader("Location", `/?callbackUrl=${encodeURIComponent(url.pathname)}`);
        res.end();
      } else {
        await pages(req, res);
      }
    } catch (error) {
      telemetry.log.error({ err: error, reqId: requestIdOf(req) }, "request failed");
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  });

  const realtime = attachRealtime(server, {
    allowedOrigins: env.allowedOrigins,
    authenticate: sessionUser,
    onSocket: (socket) => {
      telemetry.observeSocket(socket);
      streams(socket);
      livePods(socket);
      liveResources(socket);
      liveUnread(socket);
    },
    // Queue mode: sign-outs reach this person's sockets on every web process.
    redis: env.REDIS_URL ? { url: env.REDIS_URL, prefix: env.JOBS_PREFIX } : undefined,
    log: telemetry.log,
  });
  closeSessionSockets = realtime.closeSession;
  await realtime.ready;
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${env.HOST}:${port}`,
    prisma: db.prisma,
    server,
    realtime,
    log: telemetry.log,
    async stop() {
      await realtime.close();
      await policyAudit.stop();
      await costSampler.stop();
      await alerts.stop();
      await jobRuns.stop();
      await canaries.stop();
      await snapshotRuns.stop();
      apiDeps.caches.stopAll();
      await notifications.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await nextApp?.close();
      await db.close();
      await telemetry.stop();
    },
  };
}
