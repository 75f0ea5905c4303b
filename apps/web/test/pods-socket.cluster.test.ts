import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PodsChangedEvent, PodsSubscribeAck } from "@clustercord/contracts";
import {
  callTrpc,
  createTestDatabase,
  freePort,
  seedRoleMappings,
  signInThroughOAuth,
  type TestDatabase,
  workerHeaders,
} from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWebEnv } from "../src/server/env";
import { startWebServer, type WebServer } from "../src/server/start";

// pods:subscribe through the real web server: authorized like pods.list from the
// socket's own session, fed by the shared pods cache, changes batched.

const ALICE = "100000000000000001"; // admin of Acme; "carol" is admin of Beta
const ACME = "200000000000000001";
const BETA = "200000000000000002";
const NS = `clustercord-guild-${ACME}`;

let db: TestDatabase;
let discord: DiscordStandIn;
let web: WebServer;
let cluster: Cluster;
let clusterDir: string;
let clusterId: string;
const serviceToken = randomBytes(32).toString("hex");
const sockets: Socket[] = [];

async function signIn(user: string, guildId: string) {
  const cookie = await signInThroughOAuth(web.url, user);
  const picked = await callTrpc(web.url, "guilds.select", {
    headers: { cookie },
    input: { guildId },
    mutation: true,
  });
  expect(picked.status).toBe(200);
  return cookie;
}

async function connect(cookie: string) {
  const socket = connectSocket(web.url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { origin: web.url, cookie },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", resolve);
    socket.on("connect_error", reject);
  });
  return socket;
}

const subscribe = (socket: Socket, namespace: string) =>
  socket.timeout(20_000).emitWithAck("pods:subscribe", { clusterId, namespace }) as Promise<PodsSubscribeAck>;

async function eventually<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  discord = await startDiscordStandIn();
  clusterDir = await mkdtemp(join(tmpdir(), "cc-pods-socket-"));
  cluster = await startCluster({ dataDir: clusterDir });
  const port = await freePort();
  const oauth = discord.fixture.oauthClients[0];
  if (!oauth) throw new Error("fixture without an OAuth client");
  web = await startWebServer(
    loadWebEnv({
      NODE_ENV: "test",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: db.url,
      DATA_DIR: db.dataDir,
      DISCORD_CLIENT_ID: oauth.clientId,
      DISCORD_CLIENT_SECRET: oauth.clientSecret,
      DISCORD_BOT_TOKEN: discord.fixture.bot.token,
      DISCORD_API_BASE: discord.apiBase,
      DISCORD_WEB_BASE: discord.webBase,
      WORKER_SERVICE_TOKEN: serviceToken,
    }),
    { pages: false },
  );
  await seedRoleMappings(web.prisma, discord.fixture.guilds);
  const kubeconfig = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const added = await callTrpc<{ cluster: { id: string } }>(web.url, "clusters.add", {
    headers: workerHeaders(serviceToken, ALICE, ACME),
    input: { name: "shared", kubeconfig, shared: true },
    mutation: true,
  });
  expect(added.error).toBeUndefined();
  clusterId = added.data.cluster.id;
}, 600_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await web?.stop();
  await cluster?.stop();
  if (clusterDir) await rm(clusterDir, { recursive: true, force: true });
  await discord?.close();
  await db?.drop();
});

describe("pods:subscribe", () => {
  it("pushes a namespace's pod changes in batches, at most one event per 250 ms", async () => {
    const socket = await connect(await signIn("alice", ACME));
    const events: { at: number; event: PodsChangedEvent }[] = [];
    socket.on("pods:changed", (event: PodsChangedEvent) => events.push({ at: Date.now(), event }));
    const ack = await subscribe(socket, NS);
    expect(ack).toMatchObject({ ok: true });

    const pods = Array.from({ length: 12 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `burst-${String(i).padStart(2, "0")}`, namespace: NS },
      spec: { containers: [{ name: "main", image: "registry.invalid/pause:1" }] },
    }));
    await cluster.kubectl(
      ["create", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "List", items: pods }),
    );
    const seen = new Map<string, string>();
    await eventually("all 12 pods Running through the socket", 60_000, () => {
      for (const { event } of events) {
        for (const p of event.upserted) seen.set(p.name, p.status);
        for (const name of event.deleted) seen.delete(name);
      }
      return seen.size === 12 && [...seen.values()].every((s) => s === "Running") ? true : undefined;
    });
    expect([...seen.keys()].sort()).toEqual(pods.map((p) => p.metadata.name));
    for (const { event } of events) {
      expect(event).toMatchObject({ clusterId, namespace: NS, state: "ready" });
      for (const p of event.upserted) expect(p.namespace).toBe(NS);
    }
    // 12 creations, schedulings and status changes (dozens of watch events) arrive in a few batches.
    const gaps = events.slice(1).map((e, i) => e.at - (events[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
    expect(events.length).toBeLessThan(12 * 3);

    await cluster.kubectl(["delete", "pod", "burst-00", "-n", NS, "--wait=false"]);
    await eventually("burst-00 deleted through the socket", 30_000, () =>
      events.some((e) => e.event.deleted.includes("burst-00")) ? true : undefined,
    );
  });

  it("refuses another guild's namespace and sends it nothing", async () => {
    const socket = await connect(await signIn("carol", BETA));
    const received: unknown[] = [];
    socket.on("pods:changed", (event: unknown) => received.push(event));
    const ack = await subscribe(socket, NS);
    expect(ack.ok).toBe(false);
    expect(JSON.stringify(ack)).not.toMatch(new RegExp(`${ACME}|burst-`));
    await cluster.kubectl([
      "run",
      "after-refusal",
      "-n",
      NS,
      "--image=registry.invalid/pause:1",
      "--restart=Never",
    ]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(received).toEqual([]);
  });
});
