import { randomBytes } from "node:crypto";
import { serviceHeaders, serviceTokenScheme } from "@clustercord/contracts";
import { signServiceRequest } from "@clustercord/contracts/service-signing";
import {
  callTrpc,
  createTestDatabase,
  freePort,
  seedRoleMappings,
  signInThroughOAuth,
  type TestDatabase,
  type TrpcErrorBody,
  workerHeaders,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer, type WebServer } from "../src/server/start";
import { testWebEnv } from "./web-env";

// Unforgeable worker calls, rate limits and what the audit log keeps, against
// the production web server with its default limits (RATE_LIMIT_SCALE=1).
const ALICE = "100000000000000001"; // owner (admin) of Acme
const BOB = "100000000000000002"; // operator in Acme
const CAROL = "100000000000000003"; // viewer in Acme
const ACME = "200000000000000001";
const SLOW_DOWN = /^Slow down: try again in (\d+) s\.$/;

let db: TestDatabase;
let discord: DiscordStandIn;
let web: WebServer;
const serviceToken = registerSecret(randomBytes(32).toString("hex"), "worker service token");

beforeAll(async () => {
  db = await createTestDatabase();
  discord = await startDiscordStandIn();
  const port = await freePort();
  web = await startWebServer(testWebEnv({ port, db, discord, serviceToken }), { pages: false });
  await seedRoleMappings(web.prisma, discord.fixture.guilds);
});

afterAll(async () => {
  await web?.stop();
  await discord?.close();
  await db?.drop();
});

/** A raw HTTP request to a procedure with exactly these headers (and body). */
async function send(path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(new URL(path, web.url), {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const json = (await res.json()) as { error?: TrpcErrorBody };
  return { status: res.status, message: json.error?.message };
}

const sign = (path: string, body: string, options: { token?: string; now?: number } = {}) =>
  signServiceRequest(
    options.token ?? serviceToken,
    { method: body ? "POST" : "GET", path, body, actorUser: ALICE, actorGuild: ACME },
    options.now === undefined ? {} : { now: options.now },
  );

describe("worker requests cannot be forged or replayed", () => {
  it("answers a correctly signed request", async () => {
    expect((await send("/api/trpc/me.get", sign("/api/trpc/me.get", ""))).status).toBe(200);
  });

  it("refuses a bad signature (signed with another token)", async () => {
    const res = await send("/api/trpc/me.get", sign("/api/trpc/me.get", "", { token: "x".repeat(64) }));
    expect(res).toEqual({
      status: 401,
      message: "Invalid service credentials: The service request's signature does not match.",
    });
  });

  it("refuses the same signed request twice", async () => {
    const headers = sign("/api/trpc/me.get", "");
    expect((await send("/api/trpc/me.get", headers)).status).toBe(200);
    expect(await send("/api/trpc/me.get", headers)).toEqual({
      status: 401,
      message: "Invalid service credentials: This signed request was already used; replays are refused.",
    });
  });

  it("refuses a timestamp older than 60 s", async () => {
    const res = await send("/api/trpc/me.get", sign("/api/trpc/me.get", "", { now: Date.now() - 61_000 }));
    expect(res.status).toBe(401);
    expect(res.message).toMatch(/older than 60 s/);
  });

  it("refuses the old plain service token on its own, even the right one", async () => {
    const res = await send("/api/trpc/me.get", {
      authorization: `${serviceTokenScheme} ${serviceToken}`,
      [serviceHeaders.actorUser]: ALICE,
      [serviceHeaders.actorGuild]: ACME,
    });
    expect(res).toEqual({
      status: 401,
      message:
        "Invalid service credentials: Unsigned service tokens are refused: the worker must sign its requests.",
    });
  });

  it("refuses a signed mutation whose body was swapped on the way", async () => {
    const path = "/api/trpc/roles.set";
    const signedFor = JSON.stringify({ discordRoleId: "300000000000000001", role: "viewer" });
    const swapped = JSON.stringify({ discordRoleId: "300000000000000001", role: "admin" });
    const res = await send(path, sign(path, signedFor), swapped);
    expect(res.status).toBe(401);
    expect(res.message).toMatch(/signature does not match/);
  });
});

/** Audit rows of one person's action, oldest first. */
const auditOf = (actorId: string, action: string) =>
  web.prisma.auditLog.findMany({ where: { actorId, action }, orderBy: { id: "asc" } });

describe("rate limits", () => {
  it("rate limits a flood of refused mutations, says when to retry, and audits one row per emptying", async () => {
    const input = { discordRoleId: "300000000000000001", role: "admin" };
    const statuses: number[] = [];
    let slowDown: Awaited<ReturnType<typeof callTrpc>> | undefined;
    // Carol is a viewer: roles.set is refused (403) until her bucket (60, +2/s) is empty.
    for (let i = 0; i < 400 && statuses.filter((s) => s === 429).length < 20; i++) {
      const res = await callTrpc(web.url, "roles.set", {
        headers: workerHeaders(serviceToken, CAROL, ACME),
        input,
        mutation: true,
      });
      statuses.push(res.status);
      if (res.status === 429) slowDown ??= res;
    }
    expect(statuses.slice(0, 60).every((s) => s === 403)).toBe(true);
    expect(slowDown?.error?.data.appCode).toBe("TOO_MANY_REQUESTS");
    const seconds = slowDown?.error?.message.match(SLOW_DOWN)?.[1];
    expect(seconds, slowDown?.error?.message).toBeDefined();
    expect(slowDown?.headers.get("retry-after")).toBe(seconds);

    // One audit row per refused request, but only one per bucket emptying for the flood beyond it.
    const rows = await auditOf(CAROL, "roles.set");
    const refusedByRole = statuses.filter((s) => s === 403).length;
    const emptyings = statuses.filter((s, i) => s === 429 && statuses[i - 1] !== 429).length;
    expect(rows.filter((r) => r.detail?.startsWith("This needs the admin role"))).toHaveLength(refusedByRole);
    const limited = rows.filter((r) => SLOW_DOWN.test(r.detail ?? ""));
    expect(limited).toHaveLength(emptyings);
    expect(limited.length).toBeLessThan(statuses.filter((s) => s === 429).length);
    // Refused before the procedure ran, yet audited with the target of its validated input.
    expect(rows.every((r) => r.target === "discord-role/300000000000000001=admin")).toBe(true);
  });

  it("is stricter on expensive procedures, without touching the person's everyday allowance", async () => {
    let passed = 0;
    let refusal: string | undefined;
    const started = Date.now();
    while (passed < 60) {
      const res = await callTrpc(web.url, "clusters.status", {
        headers: workerHeaders(serviceToken, BOB, ACME),
        input: { clusterId: "no-such-cluster" },
      });
      if (res.status === 429) {
        refusal = res.error?.message;
        break;
      }
      expect(res.status).toBe(404);
      passed++;
    }
    // 20 at once, one more every 3 s (however slow this machine is today).
    expect(passed).toBeGreaterThanOrEqual(20);
    expect(passed).toBeLessThanOrEqual(20 + Math.ceil((Date.now() - started) / 3_000));
    expect(refusal).toMatch(SLOW_DOWN);
    const me = await callTrpc(web.url, "me.get", { headers: workerHeaders(serviceToken, BOB, ACME) });
    expect(me.status).toBe(200);
  });

  it("audits invalid input with an empty target, never the raw input", async () => {
    const res = await callTrpc(web.url, "roles.set", {
      headers: workerHeaders(serviceToken, ALICE, ACME),
      input: { discordRoleId: "<@&300000000000000001> @everyone", role: "root" },
      mutation: true,
    });
    expect(res.status).toBe(400);
    const [row] = (await auditOf(ALICE, "roles.set")).slice(-1);
    expect(row).toMatchObject({ result: "error", target: "" });
    expect(`${row?.target} ${row?.detail}`).not.toContain("@everyone");
  });

  it("records the validated target when a valid mutation is refused after validation", async () => {
    const res = await callTrpc(web.url, "roles.set", {
      headers: workerHeaders(serviceToken, ALICE, ACME),
      input: { discordRoleId: "399999999999999999", role: "operator" },
      mutation: true,
    });
    expect(res.status).toBe(404);
    const [row] = (await auditOf(ALICE, "roles.set")).slice(-1);
    expect(row).toMatchObject({ result: "error", target: "discord-role/399999999999999999=operator" });
  });
});

describe("guilds.select and Discord's limits", () => {
  it("refuses unknown guild ids without asking Discord about each, and limits picks per person", async () => {
    const cookie = await signInThroughOAuth(web.url, "carol");
    // The bot's and Carol's guild lists, read once (then cached).
    await callTrpc(web.url, "guilds.list", { headers: { cookie } });
    const before = discord.requests().length;
    let refusedAsUnknown = 0;
    let refusal: string | undefined;
    const started = Date.now();
    for (let i = 0; i < 30; i++) {
      const res = await callTrpc(web.url, "guilds.select", {
        headers: { cookie },
        input: { guildId: `2999999999999999${String(i).padStart(2, "0")}` },
        mutation: true,
      });
      if (res.status === 429) {
        refusal = res.error?.message;
        break;
      }
      expect(res.status).toBe(403);
      refusedAsUnknown++;
    }
    // Ten at once, one more every 6 s.
    expect(refusedAsUnknown).toBeGreaterThanOrEqual(10);
    expect(refusedAsUnknown).toBeLessThanOrEqual(10 + Math.ceil((Date.now() - started) / 6_000));
    expect(refusal).toMatch(SLOW_DOWN);
    const perGuildCalls = discord
      .requests()
      .slice(before)
      .filter((r) => r.path.startsWith("/api/v10/guilds/"));
    expect(perGuildCalls).toEqual([]);
  });
});
