import { randomBytes } from "node:crypto";
import {
  callTrpc,
  createTestDatabase,
  freePort,
  signInThroughOAuth,
  type TestDatabase,
  workerHeaders,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer, type WebServer } from "../src/server/start";
import { testWebEnv } from "./web-env";

const ALICE = "100000000000000001";
const ACME = "200000000000000001";

let db: TestDatabase;
let discord: DiscordStandIn;
let web: WebServer;
const serviceToken = randomBytes(32).toString("hex");
const sockets: Socket[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  discord = await startDiscordStandIn();
  const port = await freePort();
  web = await startWebServer(testWebEnv({ port, db, discord, serviceToken }), { pages: false });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await web?.stop();
  await discord?.close();
  await db?.drop();
});

async function connect(cookie: string) {
  const socket = connectSocket(web.url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { origin: web.url, cookie },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", () => resolve());
    socket.on("connect_error", reject);
  });
  const counts: number[] = [];
  socket.on("notifications:unread", (event: { unread: number }) => counts.push(event.unread));
  return { socket, counts };
}

const until = async (what: string, check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe("live unread counts over socket.io (the web process's notify service and jobs)", () => {
  it("follows the socket's own session, never an id in the event, and counts reads too", async () => {
    const alice = await connect(await signInThroughOAuth(web.url, "alice"));
    const bob = await connect(await signInThroughOAuth(web.url, "bob"));
    expect(await alice.socket.emitWithAck("notifications:subscribe", {})).toEqual({ ok: true, unread: 0 });
    // Bob names Alice: he still follows only himself.
    expect(await bob.socket.emitWithAck("notifications:subscribe", { userId: ALICE })).toEqual({
      ok: true,
      unread: 0,
    });

    // Alice asks for a test notification from Discord; her open page hears of it.
    const sent = await callTrpc<{ sent: boolean }>(web.url, "notifications.sendTest", {
      headers: workerHeaders(serviceToken, ALICE, ACME),
      mutation: true,
    });
    expect(sent.data.sent).toBe(true);
    await until("Alice's count", () => alice.counts.includes(1));
    // The web process delivered the DM itself (regular mode).
    await until("the DM", () => discord.dms(ALICE).some((m) => m.embeds?.[0]?.title === "Test notification"));

    const read = await callTrpc(web.url, "notifications.markRead", {
      headers: workerHeaders(serviceToken, ALICE, ACME),
      input: { all: true },
      mutation: true,
    });
    expect(read.data).toEqual({ marked: 1, unread: 0 });
    await until("Alice's count back at 0", () => alice.counts.at(-1) === 0);
    expect(bob.counts).toEqual([]);
  });
});
