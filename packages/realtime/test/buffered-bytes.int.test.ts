import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachRealtime, type Realtime, type StreamSocket } from "../src/index";

// A real socket.io server and client on 127.0.0.1: what `bufferedBytes` reports
// when the client stops reading its connection, and after it reads again.

const EVENT = "x".repeat(64 * 1024);
const EVENTS = 512; // 32 MiB: more than the kernel's socket buffers on loopback can take

let http: Server;
let realtime: Realtime;
let url: string;
const sockets = new Map<string, StreamSocket>();

beforeAll(async () => {
  http = createServer();
  realtime = attachRealtime(http, {
    allowedOrigins: ["http://test.invalid"],
    authenticate: async (req) =>
      req.headers.cookie === "session=ok" ? { userId: "u1", sessionKey: "s1" } : null,
    onSocket: (socket) => {
      sockets.set(socket.id, socket);
      socket.on("flood", () => {
        for (let i = 0; i < EVENTS; i++) socket.emit("chunk", EVENT);
      });
    },
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await realtime?.close();
  http?.closeAllConnections();
});

/** The client's WebSocket (the `ws` package in Node), to stop and start reading it. */
const webSocketOf = (socket: Socket) =>
  (socket.io.engine.transport as unknown as { ws: { pause(): void; resume(): void } }).ws;

describe("bufferedBytes", () => {
  it("grows while the client does not read, and returns to 0 once it has read everything", async () => {
    const client = connectSocket(url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { origin: "http://test.invalid", cookie: "session=ok" },
    });
    await new Promise<void>((resolve, reject) => {
      client.on("connect", resolve);
      client.on("connect_error", reject);
    });
    const server = sockets.get(client.id ?? "");
    expect(server).toBeDefined();
    expect(realtime.bufferedBytes(client.id ?? "")).toBe(0);

    let received = 0;
    client.on("chunk", (data: string) => {
      received += data.length;
    });
    webSocketOf(client).pause();
    client.emit("flood");
    const until = Date.now() + 10_000;
    while (realtime.bufferedBytes(client.id ?? "") < 8 * 1024 * 1024 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // What the kernel could not take is still held by the server, and reported (each byte once).
    expect(server?.bufferedBytes()).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(server?.bufferedBytes()).toBeLessThan(EVENTS * (EVENT.length + 64));
    expect(received).toBe(0);

    webSocketOf(client).resume();
    const done = Date.now() + 20_000;
    while (received < EVENT.length * EVENTS && Date.now() < done) await new Promise((r) => setTimeout(r, 20));
    expect(received).toBe(EVENT.length * EVENTS);
    expect(realtime.bufferedBytes(client.id ?? "")).toBe(0);
    client.close();
  });

  it("is 0 for a socket that is not open", () => {
    expect(realtime.bufferedBytes("no-such-socket")).toBe(0);
  });
});
