import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type ExecOutputEvent,
  type NotificationsSubscribeAck,
  type NotificationsUnreadEvent,
  type PodsChangedEvent,
  type PodsSubscribeAck,
  type SessionEndedEvent,
  type StreamAck,
  sessionEvents,
} from "@clustercord/contracts";
import {
  callTrpc,
  freePort,
  LOCAL_CLUSTER_NETWORKS,
  openTestDatabase,
  openTestRedis,
  processIsAlive,
  type Service,
  seedRoleMappings,
  signInThroughOAuth,
  startService,
  type TestRedis,
  workerHeaders,
} from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// More than one web process (queue mode): two web processes (A, B), one Discord worker and one
// jobs process, each a real child process from its production entry point, on PostgreSQL + Redis.
// The browser signs in on A; its sockets are on B, as a load balancer may send them.

const ALICE = "100000000000000001"; // owner (admin) of Acme
const ACME = "200000000000000001";
const NS = `clustercord-guild-${ACME}`;
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const tsx = path.join(repoRoot, "node_modules/tsx/dist/cli.mjs");

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let redis: TestRedis;
let discord: DiscordStandIn;
let cluster: Cluster;
let clusterDir: string;
let serviceToken: string;
let a: { url: string; service: Service };
let b: { url: string; service: Service };
let clusterId: string;
const children: Service[] = [];
const sockets: Socket[] = [];

async function eventually<T>(what: string, ms: number, probe: () => T | undefined | Promise<T | undefined>) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts every child at once (they compile in parallel); if one fails, the others are stopped. */
async function startAll(options: Parameters<typeof startService>[0][]): Promise<Service[]> {
  const results = await Promise.allSettled(options.map((o) => startService(o)));
  for (const r of results) if (r.status === "fulfilled") children.push(r.value);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<Service>).value);
}

/** A browser session's socket.io connection to `webUrl`; the page it runs in is at `origin` (the public URL). */
async function connect(webUrl: string, origin: string, cookie: string) {
  const socket = connectSocket(webUrl, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { origin, cookie },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", resolve);
    socket.on("connect_error", reject);
  });
  return socket;
}

async function signIn(webUrl: string) {
  const cookie = await signInThroughOAuth(webUrl, "alice");
  const picked = await callTrpc(webUrl, "guilds.select", {
    headers: { cookie },
    input: { guildId: ACME },
    mutation: true,
  });
  expect(picked.status).toBe(200);
  return cookie;
}

async function signOut(webUrl: string, cookie: string) {
  const csrf = await fetch(`${webUrl}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const out = await fetch(`${webUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${csrfCookie}` },
    body: new URLSearchParams({ csrfToken }),
  });
  expect(out.status).toBe(302);
}

beforeAll(async () => {
  clusterDir = await mkdtemp(path.join(tmpdir(), "cc-scale-out-"));
  // Everything that does not depend on another thing starts at once.
  [db, redis, discord, cluster] = await Promise.all([
    openTestDatabase("postgres"), // migrated here, so the processes below start on a ready schema
    openTestRedis(),
    startDiscordStandIn(),
    startCluster({ dataDir: clusterDir }),
  ]);
  await seedRoleMappings(db.db.prisma, discord.fixture.guilds);
  const prefix = redis.prefix();
  const [portA, portB] = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${portA}`;
  serviceToken = registerSecret(randomBytes(32).toString("hex"), "scale-out service token");
  const authSecret = registerSecret(randomBytes(32).toString("hex"), "scale-out AUTH_SECRET");
  const key = registerSecret(randomBytes(32).toString("base64"), "scale-out encryption key");
  const oauth = discord.fixture.oauthClients[0];
  if (!oauth) throw new Error("the Discord fixture has no OAuth client");
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: db.db.url,
    REDIS_URL: redis.url,
    JOBS_PREFIX: prefix,
    PUBLIC_URL: publicUrl,
    DISCORD_API_BASE: discord.apiBase,
    DISCORD_BOT_TOKEN: discord.fixture.bot.token,
  };
  // Every web process behind one public URL shares its secrets (B opens what A sealed).
  const web = (name: string, port: number) => ({
    name,
    command: process.execPath,
    args: [tsx, "apps/web/server.ts", "--api-only"],
    cwd: repoRoot,
    env: {
      ...shared,
      HOST: "127.0.0.1",
      PORT: String(port),
      AUTH_SECRET: authSecret,
      CLUSTERCORD_ENCRYPTION_KEYS: `k1:${key}`,
      DISCORD_CLIENT_ID: oauth.clientId,
      DISCORD_CLIENT_SECRET: oauth.clientSecret,
      DISCORD_WEB_BASE: discord.webBase,
      WORKER_SERVICE_TOKEN: serviceToken,
      CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: LOCAL_CLUSTER_NETWORKS,
    },
    readyUrl: `http://127.0.0.1:${port}/api/health`,
    timeoutMs: 180_000,
  });
  const [webA, webB] = await startAll([
    web("web A", portA),
    web("web B", portB),
    {
      name: "discord worker",
      command: process.execPath,
      args: [tsx, "apps/discord/src/main.ts"],
      cwd: repoRoot,
      env: {
        ...shared,
        DISCORD_APPLICATION_ID: discord.fixture.application.id,
        WORKER_SERVICE_TOKEN: serviceToken,
        CLUSTERCORD_API_URL: publicUrl,
      },
      readyLine: /ready/i,
      timeoutMs: 180_000,
    },
    {
      name: "jobs",
      command: process.execPath,
      args: [tsx, "apps/jobs/src/main.ts"],
      cwd: repoRoot,
      env: shared,
      readyLine: /"msg":"ready: queue mode/,
      timeoutMs: 180_000,
    },
  ]);
  if (!webA || !webB) throw new Error("a web process did not start");
  a = { url: publicUrl, service: webA };
  b = { url: `http://127.0.0.1:${portB}`, service: webB };

  const kubeconfig = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const added = await callTrpc<{ cluster: { id: string } }>(a.url, "clusters.add", {
    headers: workerHeaders(serviceToken, ALICE, ACME),
    input: { name: "shared", kubeconfig, shared: true },
    mutation: true,
  });
  expect(added.error).toBeUndefined();
  clusterId = added.data.cluster.id;
}, 600_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const child of children.reverse()) await child.stop();
  await cluster?.stop();
  await rm(clusterDir, { recursive: true, force: true });
  await discord?.close();
  await redis?.close();
  await db?.drop();
});

describe("two web processes, a Discord worker and a jobs process (queue mode)", () => {
  it("a client of B sees a pod change live; the worker, talking to A, lists it too", async () => {
    const socket = await connect(b.url, a.url, await signIn(a.url));
    const seen = new Map<string, string>();
    socket.on("pods:changed", (event: PodsChangedEvent) => {
      for (const pod of event.upserted) seen.set(pod.name, pod.status);
      for (const name of event.deleted) seen.delete(name);
    });
    const ack = (await socket
      .timeout(20_000)
      .emitWithAck("pods:subscribe", { clusterId, namespace: NS })) as PodsSubscribeAck;
    expect(ack).toMatchObject({ ok: true });
    expect(seen.has("made-on-a")).toBe(false);

    await cluster.kubectl(["run", "made-on-a", "-n", NS, "--image=nginx", "--restart=Never"]);
    await eventually("made-on-a Running on B's socket", 60_000, () =>
      seen.get("made-on-a") === "Running" ? true : undefined,
    );

    // A's own pods cache starts on this first ask: ask again until it lists the pod.
    await eventually("/pods through the worker and A to list made-on-a", 30_000, async () => {
      const reply = await (
        await discord.sendCommand({
          userId: ALICE,
          guildId: ACME,
          name: "pods",
          options: [
            { name: "namespace", type: 3, value: NS },
            { name: "cluster", type: 3, value: "shared" },
          ],
        })
      ).reply();
      return /`made-on-a` · Running/.test(reply.embeds?.[0]?.description ?? "") ? true : undefined;
    });
  });

  it("a notification sent through A is delivered once by the jobs process and counted live on B", async () => {
    const cookie = await signIn(a.url);
    const socket = await connect(b.url, a.url, cookie);
    const counts: number[] = [];
    socket.on("notifications:unread", (event: NotificationsUnreadEvent) => counts.push(event.unread));
    const ack = (await socket
      .timeout(20_000)
      .emitWithAck("notifications:subscribe", {})) as NotificationsSubscribeAck;
    expect(ack).toEqual({ ok: true, unread: 0 });

    const sent = await callTrpc<{ sent: boolean; channels: string[] }>(a.url, "notifications.sendTest", {
      headers: { cookie },
      input: {},
      mutation: true,
    });
    expect(sent.error).toBeUndefined();
    expect(sent.data.sent).toBe(true);
    expect(sent.data.channels).toContain("discord_dm");

    // (d) A stored it and said so; B, which holds the socket, heard it over Redis.
    await eventually("the unread count on B", 10_000, () => (counts.includes(1) ? true : undefined));

    // (b) The DM job A enqueued ran on the jobs process, once: one send, one attempt.
    const prisma = db.db.prisma;
    const delivery = await eventually("the DM delivery to finish", 30_000, async () => {
      const row = await prisma.notificationDelivery.findFirst({
        where: { channel: "discord_dm", notification: { userId: ALICE } },
      });
      return row && row.status !== "pending" && row.status !== "sending" ? row : undefined;
    });
    expect(delivery).toMatchObject({ status: "sent", attempts: 1 });
    expect(await prisma.notificationDelivery.count({ where: { channel: "discord_dm" } })).toBe(1);
    const dms = discord.dms(ALICE);
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0])).toContain("Test notification");
  });

  it("signing out on A ends a terminal open on B within 5 s, telling B's socket why", async () => {
    await cluster.kubectl(["wait", "-n", NS, "--for=jsonpath={.status.phase}=Running", "pod/made-on-a"]);
    const cookie = await signIn(a.url);
    const socket = await connect(b.url, a.url, cookie);
    const streamId = "exec-scale-out";
    let text = "";
    socket.on("exec:output", (e: ExecOutputEvent) => {
      if (e.streamId !== streamId) return;
      text += e.data;
      socket.emit("exec:ack", { streamId, chars: e.data.length });
    });
    const ended: SessionEndedEvent[] = [];
    socket.on(sessionEvents.ended, (e: SessionEndedEvent) => ended.push(e));
    const started = (await socket.timeout(20_000).emitWithAck("exec:start", {
      streamId,
      clusterId,
      namespace: NS,
      pod: "made-on-a",
      shell: "sh",
      cols: 80,
      rows: 24,
    })) as StreamAck;
    expect(started).toEqual({ ok: true });
    // The shell writes its pid where this test can see it (kwok runs exec'd commands on this machine).
    socket.emit("exec:input", { streamId, data: 'echo $$ > scale-out.pid; echo rea""dy\n' });
    await eventually("the shell on B to answer", 10_000, () => (/ready\r?\n/.test(text) ? true : undefined));
    const pid = Number((await readFile(path.join(clusterDir, "exec", "scale-out.pid"), "utf8")).trim());
    expect(processIsAlive(pid)).toBe(true);

    const closed = new Promise<string>((resolve) => socket.on("disconnect", resolve));
    const t = Date.now();
    await signOut(a.url, cookie);
    expect(await closed).toBe("io server disconnect");
    await eventually("the shell on B to end", 5_000, () => (processIsAlive(pid) ? undefined : true));
    expect(Date.now() - t).toBeLessThan(5_000);
    // Only A's sign-out, relayed by the Redis adapter, says this (B's own session recheck closes silently).
    expect(ended).toEqual([{ reason: "signed-out" }]);
    // The session is gone on B too: a new socket with the old cookie is refused.
    await expect(connect(b.url, a.url, cookie)).rejects.toThrow("unauthorized");
  });
});
