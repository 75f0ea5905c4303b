import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sessionEvents } from "@clustercord/contracts";
import { openTestRedis, type TestRedis } from "@clustercord/testenv";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachRealtime, type Realtime } from "../src/index";

// Three socket.io servers on the machine's Redis, as three web processes: A and B share a prefix
// (one install), C has its own (another install or test on the same Redis).

const ORIGIN = "http://test.invalid";
let redis: TestRedis;
const servers: { http: Server; realtime: Realtime; url: string }[] = [];
const clients: Socket[] = [];

async function startServer(prefix: string) {
  const http = createServer();
  const realtime = attachRealtime(http, {
    allowedOrigins: [ORIGIN],
    // cookie "session=<key>": that session of user u1.
    authenticate: async (req) => {
      const key = /session=(\w+)/.exec(req.headers.cookie ?? "")?.[1];
      return key ? { userId: "u1", sessionKey: key } : null;
    },
    // Longer than the test: only the sign-out itself can close a socket here.
    recheckMs: 600_000,
    redis: { url: redis.url, prefix },
  });
  await realtime.ready;
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const server = { http, realtime, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  servers.push(server);
  return server;
}

async function connect(url: string, session: string) {
  const client = connectSocket(url, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { origin: ORIGIN, cookie: `session=${session}` },
  });
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client.on("connect", resolve);
    client.on("connect_error", reject);
  });
  return client;
}

const whoami = (client: Socket) => client.timeout(5_000).emitWithAck("session:whoami");

beforeAll(async () => {
  redis = await openTestRedis();
});

afterAll(async () => {
  for (const client of clients) client.close();
  for (const { http, realtime } of servers) {
    await realtime.close();
    http.closeAllConnections();
  }
  await redis?.close();
});

describe("attachRealtime with redis (queue mode)", () => {
  it("closes a session's sockets on every process sharing the prefix, saying why first, and no other's", async () => {
    const install = redis.prefix();
    const [a, b, c] = await Promise.all([
      startServer(install),
      startServer(install),
      startServer(redis.prefix()),
    ]);
    if (!a || !b || !c) throw new Error("a server did not start");
    const onB = await connect(b.url, "s1");
    const otherSessionOnB = await connect(b.url, "s2");
    const otherInstall = await connect(c.url, "s1");
    const told: unknown[] = [];
    onB.on(sessionEvents.ended, (event: unknown) => told.push(event));
    const closed = new Promise<string>((resolve) => onB.on("disconnect", resolve));

    a.realtime.closeSession("s1");

    expect(await closed).toBe("io server disconnect");
    expect(told).toEqual([{ reason: "signed-out" }]);
    expect(await whoami(otherSessionOnB)).toEqual({ userId: "u1" });
    expect(await whoami(otherInstall)).toEqual({ userId: "u1" });
    expect(otherSessionOnB.connected && otherInstall.connected).toBe(true);
  });
});
