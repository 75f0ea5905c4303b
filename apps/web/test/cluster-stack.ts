import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  callTrpc,
  createTestDatabase,
  freePort,
  LOCAL_CLUSTER_NETWORKS,
  seedRoleMappings,
  signInThroughOAuth,
  workerHeaders,
} from "@clustercord/testenv";
import { startCluster } from "@clustercord/testenv/cluster";
import { startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { io as connectSocket, type Socket } from "socket.io-client";
import { expect } from "vitest";
import { startWebServer } from "../src/server/start";
import { testWebEnv } from "./web-env";

const ALICE = "100000000000000001"; // owner (admin) of Acme
const ACME = "200000000000000001";

/**
 * The production web server (API + socket.io, no pages) on a real database,
 * the Discord stand-in and the local Kubernetes, with one shared cluster
 * that Acme added: what the socket tests need. `env` adds or overrides web
 * settings (the benchmark turns rate limits off with RATE_LIMIT_SCALE=0).
 */
export async function startClusterStack(name: string, env: Record<string, string> = {}) {
  const db = await createTestDatabase();
  const discord = await startDiscordStandIn();
  const clusterDir = await mkdtemp(join(tmpdir(), `cc-${name}-`));
  const cluster = await startCluster({ dataDir: clusterDir });
  const serviceToken = registerSecret(randomBytes(32).toString("hex"), "worker service token");
  const port = await freePort();
  const web = await startWebServer(
    testWebEnv({
      port,
      db,
      discord,
      serviceToken,
      // The local control plane listens on 127.0.0.1: allowed, and nothing else private.
      extra: { CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS: LOCAL_CLUSTER_NETWORKS, ...env },
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
  const sockets: Socket[] = [];

  return {
    web,
    /** The Discord stand-in: tests change members' roles through it. */
    discord,
    cluster,
    clusterDir,
    serviceToken,
    clusterId: added.data.cluster.id,
    /** A browser session of `user` with `guildId` as its active guild. */
    async signIn(user: string, guildId: string) {
      const cookie = await signInThroughOAuth(web.url, user);
      const picked = await callTrpc(web.url, "guilds.select", {
        headers: { cookie },
        input: { guildId },
        mutation: true,
      });
      expect(picked.status).toBe(200);
      return cookie;
    },
    /** A socket.io connection as that browser session (closed by close()). */
    async connect(cookie: string) {
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
    },
    /** Stops (and starts again) reading a socket's connection: a client that does not take what it is sent. */
    reading(socket: Socket, on: boolean) {
      const ws = (socket.io.engine.transport as unknown as { ws: { pause(): void; resume(): void } }).ws;
      if (on) ws.resume();
      else ws.pause();
    },
    /** Keeps a socket made elsewhere so close() closes it too. */
    track(socket: Socket) {
      sockets.push(socket);
    },
    async close() {
      for (const s of sockets) s.close();
      await web.stop();
      await cluster.stop();
      await rm(clusterDir, { recursive: true, force: true });
      await discord.close();
      await db.drop();
    },
  };
}

export type ClusterStack = Awaited<ReturnType<typeof startClusterStack>>;
