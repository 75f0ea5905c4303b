/**
 * The product as separate processes on loopback, for the benchmarks that must
 * not share the server's event loop with the load they generate: the local
 * control plane, the Discord stand-in (in this process), the production web
 * server (bench/lib/web-main.ts, its own process) and optionally the real
 * Discord worker (apps/discord/src/main.ts, its own process).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ClustersAddOutput } from "@clustercord/contracts";
import { openDatabase } from "@clustercord/db";
import {
  callTrpc,
  createTestDatabase,
  freePort,
  LOCAL_CLUSTER_NETWORKS,
  type Service,
  seedRoleMappings,
  signInThroughOAuth,
  startService,
  workerHeaders,
} from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { type DiscordFixture, type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { io as connectSocket, type Socket } from "socket.io-client";

export const repoRoot = resolve(import.meta.dirname, "../..");

// From packages/testenv/fixtures/discord.json: alice owns "Acme Ops".
export const ALICE = "100000000000000001";
export const ACME = "200000000000000001";

export interface BenchStackOptions {
  /** Names the temporary directories. */
  name: string;
  /** Serve the Next.js pages too (needs `next build` first). */
  pages?: boolean;
  /** Start the local control plane (default true). */
  cluster?: boolean;
  /** Start the Discord worker; `discordApiBase` may put something between it and the stand-in's REST. */
  worker?: { discordApiBase?: (standInApiBase: string) => string };
  fixture?: DiscordFixture;
  log?: (message: string) => void;
  /** Extra environment for the web server (e.g. the chart network settings). */
  env?: Record<string, string>;
}

export interface BenchStack {
  discord: DiscordStandIn;
  cluster: Cluster | null;
  webUrl: string;
  web: Service;
  worker: Service | null;
  serviceToken: string;
  /** Adds the bench's control plane to Acme as Alice (dedicated: every namespace is hers). */
  addCluster(name: string, shared?: boolean): Promise<string>;
  /** A browser session of `username` with `guildId` active: the cookie header. */
  signIn(username: string, guildId: string): Promise<string>;
  /** A socket.io connection as that session (closed by close()). */
  connect(cookie: string): Promise<Socket>;
  /** Resident memory of the web server's process, in bytes (from /proc). */
  webRss(): number;
  close(): Promise<void>;
}

export async function startBenchStack(opts: BenchStackOptions): Promise<BenchStack> {
  const log = opts.log ?? (() => {});
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const discord = await startDiscordStandIn(opts.fixture ? { fixture: opts.fixture } : {});
    cleanups.push(() => discord.close());

    let cluster: Cluster | null = null;
    const clusterStart = (async () => {
      if (opts.cluster === false) return;
      const dataDir = await mkdtemp(join(tmpdir(), `cc-bench-${opts.name}-`));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      cluster = await startCluster({ dataDir });
      const started = cluster;
      cleanups.push(() => started.stop());
      log(`control plane ready: ${started.server}`);
    })();

    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    // The fixture's role mappings, before the web server owns the database.
    const pgliteDir = db.dataDir ? join(db.dataDir, "pglite") : undefined;
    const seeding = await openDatabase({ url: db.url, dataDir: pgliteDir });
    try {
      await seedRoleMappings(seeding.prisma, discord.fixture.guilds);
    } finally {
      await seeding.close();
    }

    const port = await freePort();
    const webUrl = `http://127.0.0.1:${port}`;
    const serviceToken = randomBytes(32).toString("hex");
    const oauth = discord.fixture.oauthClients[0];
    if (!oauth) throw new Error("the Discord fixture has no OAuth client");
    const common = {
      ...process.env,
      DISCORD_API_BASE: discord.apiBase,
      DISCORD_BOT_TOKEN: discord.fixture.bot.token,
      WORKER_SERVICE_TOKEN: serviceToken,
    };
    const web = await startService({
      name: "web",
      command: process.execPath,
      args: ["--import", "tsx", "bench/lib/web-main.ts", ...(opts.pages ? ["--pages"] : [])],
      cwd: repoRoot,
      env: {
        ...common,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        PUBLIC_URL: webUrl,
        AUTH_SECRET: randomBytes(32).toString("hex"),
        CLUSTERCORD_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
        DATA_DIR: db.dataDir ?? join(tmpdir(), "cc-bench-unused"),
        ...(db.url ? { DATABASE_URL: db.url } : {}),
        DISCORD_CLIENT_ID: oauth.clientId,
        DISCORD_CLIENT_SECRET: oauth.clientSecret,
        DISCORD_WEB_BASE: discord.webBase,
        // The bench's control plane listens on loopback: allowed, as in the tests.
        CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: LOCAL_CLUSTER_NETWORKS,
        ...opts.env,
      },
      readyUrl: `${webUrl}/api/health`,
      timeoutMs: 180_000,
    });
    cleanups.push(() => web.stop());
    log(`web server ready: ${webUrl} (pid ${web.child.pid})`);

    let worker: Service | null = null;
    if (opts.worker) {
      worker = await startService({
        name: "discord",
        command: process.execPath,
        args: ["--import", "tsx", "apps/discord/src/main.ts"],
        cwd: repoRoot,
        env: {
          ...common,
          DISCORD_API_BASE: opts.worker.discordApiBase?.(discord.apiBase) ?? discord.apiBase,
          DISCORD_APPLICATION_ID: discord.fixture.application.id,
          CLUSTERCORD_API_URL: webUrl,
        },
        readyLine: /ready as/i,
        timeoutMs: 120_000,
      });
      const started = worker;
      cleanups.push(() => started.stop());
      log(`Discord worker ready (pid ${worker.child.pid})`);
    }
    await clusterStart;

    const sockets: Socket[] = [];
    cleanups.push(async () => {
      for (const s of sockets) s.close();
    });
    const webPid = web.child.pid;
    return {
      discord,
      cluster,
      webUrl,
      web,
      worker,
      serviceToken,
      async addCluster(name, shared = false) {
        if (!cluster) throw new Error("this bench stack has no control plane");
        const kubeconfig = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
        const added = await callTrpc<ClustersAddOutput>(webUrl, "clusters.add", {
          headers: workerHeaders(serviceToken, ALICE, ACME),
          input: { name, kubeconfig, shared },
          mutation: true,
        });
        if (added.error) throw new Error(`clusters.add: ${added.error.message}`);
        return added.data.cluster.id;
      },
      async signIn(username, guildId) {
        const cookie = await signInThroughOAuth(webUrl, username);
        const picked = await callTrpc(webUrl, "guilds.select", {
          headers: { cookie },
          input: { guildId },
          mutation: true,
        });
        if (picked.status !== 200) throw new Error(`guilds.select: HTTP ${picked.status}`);
        return cookie;
      },
      async connect(cookie) {
        const socket = connectSocket(webUrl, {
          path: "/socket.io",
          transports: ["websocket"],
          reconnection: false,
          extraHeaders: { origin: webUrl, cookie },
        });
        sockets.push(socket);
        await new Promise<void>((resolvePromise, reject) => {
          socket.once("connect", resolvePromise);
          socket.once("connect_error", reject);
        });
        return socket;
      },
      webRss: () => (webPid ? processRss(webPid) : Number.NaN),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** VmRSS of a process, in bytes; NaN when it cannot be read. */
export function processRss(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples `read()` every `everyMs` until stopped; answers the peak and the samples. */
export function sampleEvery(everyMs: number, read: () => number) {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const v = read();
    if (Number.isFinite(v)) samples.push(v);
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const v = read();
      if (Number.isFinite(v)) samples.push(v);
      return { peak: samples.length ? Math.max(...samples) : Number.NaN, samples };
    },
  };
}
