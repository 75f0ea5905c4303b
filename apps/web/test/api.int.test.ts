import { randomBytes } from "node:crypto";
import { DEFAULT_CONNECTION_LIMITS } from "@clustercord/realtime";
import {
  callTrpc,
  createTestDatabase,
  freePort,
  seedRoleMappings,
  signInThroughOAuth,
  type TestDatabase,
  workerHeaders,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer, type WebServer } from "../src/server/start";
import { testWebEnv } from "./web-env";

const ALICE = "100000000000000001"; // owner of Acme, member of Beta
const BOB = "100000000000000002"; // operator in Acme (mapped role)
const CAROL = "100000000000000003"; // viewer in Acme, owner of Beta
const MALLORY = "100000000000000004"; // in neither
const ACME = "200000000000000001";
const BETA = "200000000000000002";
const LAIR = "200000000000000003"; // the bot is not installed there

let db: TestDatabase;
let discord: DiscordStandIn;
let web: WebServer;
const serviceToken = registerSecret(randomBytes(32).toString("hex"), "worker service token");

beforeAll(async () => {
  db = await createTestDatabase();
  discord = await startDiscordStandIn();
  const port = await freePort();
  const env = testWebEnv({ port, db, discord, serviceToken });
  web = await startWebServer(env, { pages: false });
  await seedRoleMappings(web.prisma, discord.fixture.guilds);
});

afterAll(async () => {
  await web?.stop();
  await discord?.close();
  await db?.drop();
});

const call = (procedure: string, options: Parameters<typeof callTrpc>[2] = {}) =>
  callTrpc<never>(web.url, procedure, options);
const asWorker = (userId: string, guildId: string, token = serviceToken) =>
  workerHeaders(token, userId, guildId);

describe("refusals", () => {
  it("serves snapshot downloads beside the API, refusing a link it did not sign", async () => {
    const res = await fetch(`${web.url}/api/snapshots/download?token=cabc.${ACME}.${ALICE}.zzzz.forged`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { message: "That download link is not valid; ask for a new one.", code: "FORBIDDEN" },
    });
    // The snapshot procedures have their store and background take wired in.
    const listed = await callTrpc<{ snapshots: unknown[] }>(web.url, "snapshots.list", {
      headers: asWorker(ALICE, ACME),
      input: {},
    });
    expect(listed.status).toBe(200);
    expect(listed.data.snapshots).toEqual([]);
  });

  it("refuses the API without a session", async () => {
    const res = await call("me.get");
    expect(res.status).toBe(401);
    expect(res.error?.data.appCode).toBe("UNAUTHORIZED");
    expect(res.error?.message).toBe("Please sign in first.");
  });

  it("refuses a forged worker service token", async () => {
    const res = await call("me.get", { headers: asWorker(ALICE, ACME, randomBytes(32).toString("hex")) });
    expect(res.status).toBe(401);
    expect(res.error?.data.userMessage).toBe(
      "Invalid service credentials: The service request's signature does not match.",
    );
  });

  it("refuses a worker call naming a guild the user is not in", async () => {
    const res = await call("me.get", { headers: asWorker(MALLORY, ACME) });
    expect(res.status).toBe(403);
    expect(res.error?.message).toBe("You are not a member of that Discord server.");
    const audit = await call("audit.list", { headers: asWorker(MALLORY, ACME), input: {} });
    expect(audit.status).toBe(403);
  });

  it("refuses malformed actor headers with a clear message", async () => {
    const res = await call("me.get", { headers: asWorker("alice", ACME) });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/must be Discord ids/);
  });

  it("refuses invalid input, naming the field", async () => {
    const cookie = await signInThroughOAuth(web.url, "carol");
    const res = await call("guilds.select", {
      headers: { cookie },
      input: { guildId: "nope" },
      mutation: true,
    });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/guildId/);
  });

  it("refuses cookie-authenticated calls from a foreign Origin, without CORS grants", async () => {
    const cookie = await signInThroughOAuth(web.url, "alice");
    const res = await call("me.get", { headers: { cookie, origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("worker actors", () => {
  it("resolves roles from ownership, permissions and role mappings", async () => {
    const alice = await call("me.get", { headers: asWorker(ALICE, ACME) });
    expect(alice.data).toMatchObject({
      user: { id: ALICE, username: "alice" },
      guild: { id: ACME, role: "admin" },
      via: "discord",
    });
    const bob = await call("me.get", { headers: asWorker(BOB, ACME) });
    expect(bob.data).toMatchObject({ guild: { role: "operator" } });
    const carol = await call("me.get", { headers: asWorker(CAROL, ACME) });
    expect(carol.data).toMatchObject({ guild: { role: "viewer" } });
    const carolBeta = await call("me.get", { headers: asWorker(CAROL, BETA) });
    expect(carolBeta.data).toMatchObject({ guild: { role: "admin" } });
  });

  it("keeps the audit log for admins only", async () => {
    const bob = await call("audit.list", { headers: asWorker(BOB, ACME), input: {} });
    expect(bob.status).toBe(403);
    expect(bob.error?.message).toMatch(/needs the admin role/);
    const alice = await call("audit.list", { headers: asWorker(ALICE, ACME), input: {} });
    expect(alice.status).toBe(200);
  });

  it("lists the same guilds for a worker actor as for the browser", async () => {
    const viaWorker = await call("guilds.list", { headers: asWorker(ALICE, ACME) });
    const cookie = await signInThroughOAuth(web.url, "alice");
    const viaWeb = await call("guilds.list", { headers: { cookie } });
    const names = (r: { guilds: { name: string; role: string }[] }) =>
      r.guilds.map((g) => `${g.name}:${g.role}`);
    expect(names(viaWorker.data)).toEqual(["Acme Ops:admin", "Beta Team:viewer"]);
    expect(names(viaWeb.data)).toEqual(names(viaWorker.data));
  });
  it("offers the bot's invite link for a server a person owns without the bot, in the browser only", async () => {
    const cookie = await signInThroughOAuth(web.url, "mallory");
    const res = await callTrpc<{
      guilds: unknown[];
      invitable: { id: string; name: string; inviteUrl: string }[];
    }>(web.url, "guilds.list", { headers: { cookie } });
    expect(res.data.guilds).toEqual([]);
    expect(res.data.invitable.map((g) => [g.id, g.name])).toEqual([[LAIR, "Mallory's Lair"]]);
    const invite = new URL(res.data.invitable[0]?.inviteUrl ?? "");
    expect(`${invite.origin}${invite.pathname}`).toBe(`${discord.webBase}/oauth2/authorize`);
    expect(Object.fromEntries(invite.searchParams)).toEqual({
      client_id: discord.fixture.application.id,
      scope: "bot applications.commands",
      permissions: "52224", // View Channel, Send Messages, Embed Links, Attach Files
      guild_id: LAIR,
      disable_guild_select: "true",
    });
    // Alice's servers all have the bot: nothing to invite; the worker (no OAuth token) never sees invites.
    const alice = await callTrpc<{ invitable: unknown[] }>(web.url, "guilds.list", {
      headers: { cookie: await signInThroughOAuth(web.url, "alice") },
    });
    expect(alice.data.invitable).toEqual([]);
    const worker = await callTrpc<{ invitable: unknown[] }>(web.url, "guilds.list", {
      headers: asWorker(ALICE, ACME),
    });
    expect(worker.data.invitable).toEqual([]);
  });
});

describe("browser sessions", () => {
  it("signs in through OAuth, picks a guild, and the pick is audited", async () => {
    const cookie = await signInThroughOAuth(web.url, "alice");
    const before = await call("me.get", { headers: { cookie } });
    expect(before.data).toMatchObject({
      user: { id: ALICE, displayName: "Alice Admin" },
      guild: null,
      via: "web",
    });

    const picked = await call("guilds.select", {
      headers: { cookie },
      input: { guildId: ACME },
      mutation: true,
    });
    expect(picked.data).toMatchObject({ guild: { id: ACME, name: "Acme Ops", role: "admin", active: true } });

    const after = await call("me.get", { headers: { cookie } });
    expect(after.data).toMatchObject({ guild: { id: ACME, role: "admin" } });

    // Lockstep at the API: the same person through the worker gets the same answer.
    const worker = await call("me.get", { headers: asWorker(ALICE, ACME) });
    expect({ ...(worker.data as object), via: "web" }).toEqual(after.data);

    const audit = await call("audit.list", { headers: { cookie }, input: { limit: 50 } });
    const row = (
      audit.data as {
        items: { action: string; target: string; via: string; result: string; actorId: string }[];
      }
    ).items.find((i) => i.action === "guilds.select" && i.result === "ok");
    expect(row).toMatchObject({ target: `guild/${ACME}`, via: "web", actorId: ALICE });
  });

  it("refuses to pick a guild without the bot or membership, and audits the refusal", async () => {
    const cookie = await signInThroughOAuth(web.url, "alice");
    await call("guilds.select", { headers: { cookie }, input: { guildId: ACME }, mutation: true });
    const res = await call("guilds.select", {
      headers: { cookie },
      input: { guildId: LAIR },
      mutation: true,
    });
    expect(res.status).toBe(403);
    const audit = await call("audit.list", { headers: { cookie }, input: { limit: 50 } });
    const items = (audit.data as { items: { action: string; target: string; result: string }[] }).items;
    // The failed pick is recorded against the guild the session was acting in.
    expect(items.some((i) => i.target === `guild/${LAIR}` && i.result === "error")).toBe(true);
  });

  it("paginates the audit log newest first", async () => {
    const cookie = await signInThroughOAuth(web.url, "alice");
    for (let i = 0; i < 3; i++)
      await call("guilds.select", { headers: { cookie }, input: { guildId: ACME }, mutation: true });
    const first = await call("audit.list", { headers: { cookie }, input: { limit: 2 } });
    const page1 = first.data as { items: { id: string }[]; nextCursor: string | null };
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const second = await call("audit.list", {
      headers: { cookie },
      input: { limit: 2, cursor: page1.nextCursor },
    });
    const page2 = second.data as { items: { id: string }[] };
    expect(BigInt(page2.items[0]?.id ?? "0")).toBeLessThan(BigInt(page1.items[1]?.id ?? "0"));
  });

  it("sends security headers", async () => {
    const res = await fetch(`${web.url}/api/health`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("socket.io", () => {
  const open = (origin: string, cookie?: string) =>
    connectSocket(web.url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { origin, ...(cookie ? { cookie } : {}) },
    });
  const outcome = (socket: Socket) =>
    new Promise<string>((resolve) => {
      socket.on("connect", () => resolve("connected"));
      socket.on("connect_error", (e) => resolve(`refused: ${e.message}`));
    });

  it("refuses a connection from a foreign Origin", async () => {
    const cookie = await signInThroughOAuth(web.url, "alice");
    const socket = open("https://evil.example", cookie);
    expect(await outcome(socket)).toMatch(/^refused/);
    socket.close();
  });

  it("refuses a connection without a session", async () => {
    const socket = open(web.url);
    expect(await outcome(socket)).toBe("refused: unauthorized");
    socket.close();
  });

  it("accepts a session from our origin and closes it after sign-out", async () => {
    const cookie = await signInThroughOAuth(web.url, "alice");
    const socket = open(web.url, cookie);
    expect(await outcome(socket)).toBe("connected");
    const who = await socket.emitWithAck("session:whoami");
    expect(who).toEqual({ userId: ALICE });

    const closed = new Promise<number>((resolve) => {
      const t = Date.now();
      socket.on("disconnect", () => resolve(Date.now() - t));
    });
    const csrf = await fetch(`${web.url}/api/auth/csrf`, { headers: { cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const out = await fetch(`${web.url}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${csrfCookie}` },
      body: new URLSearchParams({ csrfToken }),
    });
    expect(out.status).toBe(302);
    // Sign-out closes the session's sockets at once, not at the next periodic check.
    expect(await closed).toBeLessThan(1_000);
    const after = await call("me.get", { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it("notices a session that ended elsewhere (expired, revoked) within 5 s", async () => {
    const cookie = await signInThroughOAuth(web.url, "carol");
    const socket = open(web.url, cookie);
    expect(await outcome(socket)).toBe("connected");
    const closed = new Promise<number>((resolve) => {
      const t = Date.now();
      socket.on("disconnect", () => resolve(Date.now() - t));
    });
    const token = decodeURIComponent(cookie.split("=")[1] ?? "");
    await web.prisma.session.update({
      where: { sessionToken: token },
      data: { expires: new Date(Date.now() - 1) },
    });
    expect(await closed).toBeLessThan(5_000);
  });

  const { perSession, perPerson } = DEFAULT_CONNECTION_LIMITS;
  const tooManyForSession = `refused: Too many open connections for this browser session (at most ${perSession}); close some ClusterCord tabs.`;

  it("caps the sockets of one browser session, also when they all arrive at once", async () => {
    const cookie = await signInThroughOAuth(web.url, "bob");
    const sockets = Array.from({ length: 40 }, () => open(web.url, cookie));
    try {
      const outcomes = await Promise.all(sockets.map(outcome));
      expect(outcomes.filter((o) => o === "connected")).toHaveLength(perSession);
      expect(new Set(outcomes.filter((o) => o !== "connected"))).toEqual(new Set([tooManyForSession]));
      // A closed socket gives its place back.
      sockets.find((s) => s.connected)?.close();
      let again = "";
      for (const until = Date.now() + 5_000; again !== "connected" && Date.now() < until; ) {
        const next = open(web.url, cookie);
        sockets.push(next);
        again = await outcome(next);
        if (again !== "connected") await new Promise((r) => setTimeout(r, 100));
      }
      expect(again).toBe("connected");
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it("caps the sockets of one person across their sessions", async () => {
    const sessions: string[] = [];
    while (sessions.length <= Math.ceil(perPerson / perSession)) {
      sessions.push(await signInThroughOAuth(web.url, "alice"));
    }
    const sockets: Socket[] = [];
    try {
      for (const cookie of sessions.slice(0, -1)) {
        for (let i = 0; i < perSession && sockets.length < perPerson; i++) {
          const socket = open(web.url, cookie);
          sockets.push(socket);
          expect(await outcome(socket)).toBe("connected");
        }
      }
      expect(sockets).toHaveLength(perPerson);
      const fresh = open(web.url, sessions.at(-1));
      sockets.push(fresh);
      expect(await outcome(fresh)).toBe(
        `refused: Too many open connections for your account (at most ${perPerson}); close some ClusterCord tabs or sign out elsewhere.`,
      );
    } finally {
      for (const s of sockets) s.close();
    }
  });
});

describe("role mappings", () => {
  const OPERATORS = "300000000000000002";
  type Roles = {
    roles: { discordRoleId: string; name: string; mapped: string | null; grantsAdmin: boolean }[];
  };

  it("lists the guild's Discord roles with their mapping, the same for both clients", async () => {
    const cookie = await signInThroughOAuth(web.url, "alice");
    await call("guilds.select", { headers: { cookie }, input: { guildId: ACME }, mutation: true });
    const viaWeb = await call("roles.list", { headers: { cookie } });
    expect((viaWeb.data as Roles).roles).toEqual([
      { discordRoleId: "300000000000000001", name: "Admins", mapped: null, grantsAdmin: true },
      { discordRoleId: OPERATORS, name: "Operators", mapped: "operator", grantsAdmin: false },
    ]);
    const viaWorker = await call("roles.list", { headers: asWorker(CAROL, ACME) });
    expect(viaWorker.data).toEqual(viaWeb.data);
  });

  it("lets only admins change a mapping, which applies on the member's next request", async () => {
    const denied = await call("roles.set", {
      headers: asWorker(BOB, ACME),
      input: { discordRoleId: OPERATORS, role: "admin" },
      mutation: true,
    });
    expect(denied.status).toBe(403);

    const set = await call("roles.set", {
      headers: asWorker(ALICE, ACME),
      input: { discordRoleId: OPERATORS, role: "viewer" },
      mutation: true,
    });
    expect(set.status).toBe(200);
    expect((await call("me.get", { headers: asWorker(BOB, ACME) })).data).toMatchObject({
      guild: { role: "viewer" },
    });

    await call("roles.set", {
      headers: asWorker(ALICE, ACME),
      input: { discordRoleId: OPERATORS, role: "none" },
      mutation: true,
    });
    expect((await call("me.get", { headers: asWorker(BOB, ACME) })).data).toMatchObject({
      guild: { role: "viewer" },
    });
    await call("roles.set", {
      headers: asWorker(ALICE, ACME),
      input: { discordRoleId: OPERATORS, role: "operator" },
      mutation: true,
    });
    expect((await call("me.get", { headers: asWorker(BOB, ACME) })).data).toMatchObject({
      guild: { role: "operator" },
    });
  });

  it("refuses a role that is not in the guild", async () => {
    const res = await call("roles.set", {
      headers: asWorker(ALICE, ACME),
      input: { discordRoleId: "399999999999999999", role: "admin" },
      mutation: true,
    });
    expect(res.status).toBe(404);
  });
});
