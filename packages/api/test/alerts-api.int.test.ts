/**
 * The alerts procedures over HTTP on a real database and the Discord stand-in (membership and roles):
 * who may see, delete and mute which rules, that a mute lands in the cluster's stored AlertState
 * through the reducer, the prefs round trip, and whose history is whose. Acme shares a cluster with
 * Beta (an accepted tenant); rules and events are stored the way alerts.rules.create and the engine
 * store them. Creating rules asks the cluster as the person: alerts-api.cluster.test.ts.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type AlertsState, emptyState } from "@clustercord/alerts";
import { createCredentialCipher, createDiscordDirectory } from "@clustercord/auth";
import type {
  AlertEventView,
  AlertRulesListOutput,
  AlertsConfigOutput,
  AlertsHistoryOutput,
  AlertsMuteOutput,
} from "@clustercord/contracts";
import { type Database, insertAlertEvents, insertAlertRule } from "@clustercord/db";
import {
  callTrpc,
  localClusterPolicy,
  openTestDatabase,
  seedRoleMappings,
  workerHeaders,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, createClusterGuard, ResourceCaches } from "../src/index";

const ALICE = "100000000000000001"; // admin of Acme
const BOB = "100000000000000002"; // operator in Acme
const CAROL = "100000000000000003"; // viewer in Acme, admin of Beta
const ACME = "200000000000000001";
const BETA = "200000000000000002";
const CHANNEL = "300000000000000001";
const TOKEN = registerSecret(randomBytes(32).toString("hex"), "worker service token");
const GROUP = "a".repeat(24);
const FINGERPRINT = "b".repeat(24);

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let standIn: DiscordStandIn;
let server: Server;
let apiUrl: string;
let clusterId: string;
/** Acme's rules: Alice's (Bob subscribes), Carol's own; Beta's rule on the same shared cluster. */
const rule = { alice: "", carol: "", beta: "" };

const call = <T>(procedure: string, who: readonly [string, string], input?: unknown, mutation = false) =>
  callTrpc<T>(apiUrl, procedure, { headers: workerHeaders(TOKEN, who[0], who[1]), input, mutation });
const acme = (user: string) => [user, ACME] as const;
const beta = [CAROL, BETA] as const;

type Sub = { kind: string; id: string; via?: string[] };
const spec = (name: string, subscribers: Sub[]) => ({
  name,
  clusterId,
  type: "pod-crash",
  scope: { kind: "namespace", namespace: "shop" },
  subscribers,
});
const person = (id: string): Sub => ({ kind: "person", id, via: ["dm", "web"] });

async function storedState(): Promise<AlertsState> {
  const row = await db.prisma.alertState.findUnique({ where: { clusterId } });
  return (row?.state ?? emptyState()) as unknown as AlertsState;
}

beforeAll(async () => {
  [testDb, standIn] = await Promise.all([openTestDatabase(), startDiscordStandIn()]);
  db = testDb.db;
  await seedRoleMappings(db.prisma, standIn.fixture.guilds);
  server = createServer(
    createApiHandler({
      prisma: db.prisma,
      directory: createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token }),
      serviceToken: TOKEN,
      cipher: createCredentialCipher([{ id: "k1", key: randomBytes(32) }]),
      confirmationKey: randomBytes(32),
      caches: new ResourceCaches(),
      // No cluster is reached here; the guard still follows the tests' policy (loopback only).
      clusterGuard: createClusterGuard(localClusterPolicy),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const cluster = await db.prisma.cluster.create({
    data: {
      guildId: ACME,
      name: "shared",
      server: "https://127.0.0.1:1",
      shared: true,
      credential: "sealed",
      keyId: "k1",
      createdBy: ALICE,
      tenants: {
        create: [
          { guildId: ACME, status: "accepted", createdBy: ALICE },
          { guildId: BETA, status: "accepted", createdBy: ALICE },
        ],
      },
    },
  });
  clusterId = cluster.id;
  const insert = async (guildId: string, createdBy: string, name: string, subscribers: Sub[]) =>
    (
      await insertAlertRule(db.prisma, {
        clusterId,
        guildId,
        name,
        spec: spec(name, subscribers),
        createdBy,
      })
    ).id;
  rule.alice = await insert(ACME, ALICE, "shop crashes", [person(ALICE), person(BOB)]);
  rule.carol = await insert(ACME, CAROL, "carol's", [person(CAROL)]);
  rule.beta = await insert(BETA, CAROL, "beta crashes", [person(CAROL)]);
  // Messages as the engine records them: Bob's and Alice's of Acme's rule, one of Beta's.
  const event = (id: string, guildId: string, ruleId: string, recipients: string[], at: string) => ({
    id,
    clusterId,
    guildId,
    ruleId,
    kind: "grouped",
    severity: "HIGH",
    title: `${id} crashing`,
    lines: ["exit code 137 (OOMKilled)"],
    fingerprints: [FINGERPRINT],
    actions: [
      { type: "diagnose", target: { cluster: clusterId, kind: "Pod", namespace: "shop", name: "web-1" } },
      { type: "mute", target: { group: GROUP } },
    ],
    recipients,
    at: new Date(at),
  });
  await insertAlertEvents(db.prisma, [
    event("ev-bob-1", ACME, rule.alice, [`person:${BOB}`], "2026-11-30T10:00:00Z"),
    event("ev-bob-2", ACME, rule.alice, [`person:${BOB}`], "2026-11-30T11:00:00Z"),
    event("ev-alice", ACME, rule.alice, [`person:${ALICE}`], "2026-11-30T12:00:00Z"),
    event("ev-channel", ACME, rule.alice, [`channel:${CHANNEL}`], "2026-11-30T09:00:00Z"),
    {
      ...event("ev-beta", BETA, rule.beta, [`person:${CAROL}`], "2026-11-30T12:30:00Z"),
      fingerprints: ["d".repeat(24)],
      actions: [],
    },
  ]);
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await standIn?.close();
  await testDb?.drop();
});

describe("alerts.rules", () => {
  it("lists a guild's own rules only, with who may delete them", async () => {
    const asBob = await call<AlertRulesListOutput>("alerts.rules.list", acme(BOB), { clusterId });
    expect(asBob.status).toBe(200);
    expect(asBob.data.rules.map((r) => [r.name, r.clusterName, r.severity, r.mayDelete])).toEqual([
      ["shop crashes", "shared", "HIGH", false],
      ["carol's", "shared", "HIGH", false],
    ]);
    const asAlice = await call<AlertRulesListOutput>("alerts.rules.list", acme(ALICE));
    expect(asAlice.data.rules.every((r) => r.mayDelete)).toBe(true);
    // Beta, a tenant of the same cluster, sees its own rule and nothing of Acme's.
    const asBeta = await call<AlertRulesListOutput>("alerts.rules.list", beta, { clusterId });
    expect(asBeta.data.rules.map((r) => r.name)).toEqual(["beta crashes"]);
    expect(JSON.stringify(asBeta.data)).not.toContain(ACME);
    // A cluster the guild cannot use does not exist for it.
    const unknown = await call("alerts.rules.list", acme(BOB), { clusterId: "no-such-cluster" });
    expect(unknown.status).toBe(404);
  });

  it("refuses bad rules naming the field, and channel or other people's subscriptions for non-admins", async () => {
    const noThreshold = await call(
      "alerts.rules.create",
      acme(CAROL),
      { name: "cpu", clusterId, type: "high-cpu", scope: { kind: "cluster" } },
      true,
    );
    expect(noThreshold.status).toBe(400);
    expect(noThreshold.error?.message).toContain("threshold: high-cpu needs a threshold (1-100 %)");
    const badScope = await call(
      "alerts.rules.create",
      acme(CAROL),
      { name: "x", clusterId, type: "pod-crash", scope: { kind: "galaxy" } },
      true,
    );
    expect(badScope.error?.message).toContain(
      "scope.kind: scope kind must be cluster, namespace or workload",
    );
    const channel = await call(
      "alerts.rules.create",
      acme(CAROL),
      { ...spec("to the channel", [{ kind: "channel", id: CHANNEL }]), clusterId },
      true,
    );
    expect(channel.status).toBe(403);
    expect(channel.error?.message).toBe(
      "subscribers: only admins may subscribe a channel; you are viewer. Subscribe yourself instead.",
    );
    const other = await call("alerts.rules.create", acme(BOB), spec("for alice", [person(ALICE)]), true);
    expect(other.status).toBe(403);
    expect(other.error?.message).toContain("only admins may subscribe other people; you are operator");
    const budget = await call(
      "alerts.rules.create",
      acme(CAROL),
      { name: "spend", clusterId, type: "budget", scope: { kind: "cluster" } },
      true,
    );
    expect(budget.status).toBe(400);
    expect(budget.error?.message).toBe(
      "type: budget alerts are set as cost budgets (the Cost page, /cost alert), not as alert rules.",
    );
    expect(await db.prisma.alertRule.count()).toBe(3);
  });

  it("deletes a rule for its creator or an admin only, never another guild's", async () => {
    const victim = await insertAlertRule(db.prisma, {
      clusterId,
      guildId: ACME,
      name: "bob's",
      spec: spec("bob's", [person(BOB)]),
      createdBy: BOB,
    });
    expect((await call("alerts.rules.delete", acme(CAROL), { id: victim.id }, true)).status).toBe(403);
    expect((await call("alerts.rules.delete", beta, { id: victim.id }, true)).status).toBe(404);
    expect((await call("alerts.rules.delete", beta, { id: rule.alice }, true)).status).toBe(404);
    const byAdmin = await call("alerts.rules.delete", acme(ALICE), { id: victim.id }, true);
    expect(byAdmin.data).toEqual({ id: victim.id, deleted: true });
    expect(await db.prisma.alertRule.findUnique({ where: { id: victim.id } })).toBeNull();
    const audit = await db.prisma.auditLog.findFirst({
      where: { action: "alerts.rules.delete", result: "ok" },
    });
    expect(audit?.target).toBe(`alerts/rule/${victim.id}`);
  });
});

describe("alerts.mute", () => {
  it("stores a subscriber's rule mute in the cluster's AlertState and lists it", async () => {
    const muted = await call<AlertsMuteOutput>(
      "alerts.mute",
      acme(BOB),
      { clusterId, target: { ruleId: rule.alice }, durationMinutes: 60 },
      true,
    );
    expect(muted.status).toBe(200);
    const until = Date.parse(muted.data.until);
    expect(until - Date.now()).toBeGreaterThan(59 * 60_000);
    expect((await storedState()).mutes[`rule:${rule.alice}`]).toBe(until);
    const list = await call<AlertRulesListOutput>("alerts.rules.list", acme(CAROL), { clusterId });
    expect(list.data.mutes).toEqual([
      {
        clusterId,
        target: { ruleId: rule.alice },
        until: muted.data.until,
        ruleId: rule.alice,
        ruleName: "shop crashes",
      },
    ]);
    // Beta sees no mute of Acme's on the cluster they share.
    const theirs = await call<AlertRulesListOutput>("alerts.rules.list", beta, { clusterId });
    expect(theirs.data.mutes).toEqual([]);
  });

  it("mutes a group from an alert's Mute button, traced to its rule through the sent message", async () => {
    const muted = await call<AlertsMuteOutput>(
      "alerts.mute",
      acme(ALICE),
      { clusterId, target: { group: GROUP }, durationMinutes: 15 },
      true,
    );
    expect(muted.status).toBe(200);
    const list = await call<AlertRulesListOutput>("alerts.rules.list", acme(BOB));
    expect(list.data.mutes.find((m) => "group" in m.target)).toMatchObject({
      target: { group: GROUP },
      ruleId: rule.alice,
      ruleName: "shop crashes",
    });
    const audit = await db.prisma.auditLog.findFirst({ where: { action: "alerts.mute", actorId: ALICE } });
    expect(audit?.target).toBe(`cluster/${clusterId}/alerts/mute/group:${GROUP}`);
  });

  it("refuses people who neither created, subscribe to nor administer the rule, and other guilds", async () => {
    const viewer = await call(
      "alerts.mute",
      acme(CAROL),
      { clusterId, target: { ruleId: rule.alice }, durationMinutes: 60 },
      true,
    );
    expect(viewer.status).toBe(403);
    expect(viewer.error?.message).toBe(
      "You may mute alerts of rules you created or subscribe to; admins may mute any.",
    );
    // Beta's admin: Acme's rule and Acme's group do not exist for Beta.
    for (const target of [{ ruleId: rule.alice }, { group: GROUP }, { fingerprint: FINGERPRINT }]) {
      const res = await call("alerts.mute", beta, { clusterId, target, durationMinutes: 60 }, true);
      expect(res.status, JSON.stringify(target)).toBe(404);
    }
    const unknown = await call(
      "alerts.mute",
      acme(ALICE),
      { clusterId, target: { fingerprint: "c".repeat(24) }, durationMinutes: 60 },
      true,
    );
    expect(unknown.error?.message).toBe(
      "target: no alert of this server's rules on this cluster has that group or fingerprint.",
    );
    const tooLong = await call(
      "alerts.mute",
      acme(ALICE),
      { clusterId, target: { ruleId: rule.alice }, durationMinutes: 0 },
      true,
    );
    expect(tooLong.error?.message).toContain("durationMinutes: mute for at least 1 minute");
    expect(Object.keys((await storedState()).mutes).sort()).toEqual([`group:${GROUP}`, `rule:${rule.alice}`]);
  });

  it("unmutes through the reducer, keeping the other mutes", async () => {
    const res = await call("alerts.unmute", acme(BOB), { clusterId, target: { ruleId: rule.alice } }, true);
    expect(res.data).toEqual({ unmuted: true });
    expect(Object.keys((await storedState()).mutes)).toEqual([`group:${GROUP}`]);
    const state = await db.prisma.alertState.findUnique({ where: { clusterId } });
    expect(state?.version).toBe(3);
  });
});

describe("alerts.config", () => {
  it("round-trips a person's prefs, merging parts and validating the time zone", async () => {
    const set = await call<AlertsConfigOutput>(
      "alerts.config",
      acme(CAROL),
      { timeZone: "Europe/Berlin", quietHours: { start: "22:00", end: "07:00" } },
      true,
    );
    expect(set.status).toBe(200);
    expect(set.data.prefs).toMatchObject({
      timeZone: "Europe/Berlin",
      quietHours: { start: "22:00", end: "07:00" },
      businessHours: { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" },
    });
    const digest = await call<AlertsConfigOutput>(
      "alerts.config",
      acme(CAROL),
      { digest: { dailyHour: 8 } },
      true,
    );
    expect(digest.data.prefs).toMatchObject({
      timeZone: "Europe/Berlin",
      digest: { dailyHour: 8, weeklyHour: 9 },
    });
    const got = await call<AlertsConfigOutput>("alerts.getConfig", acme(CAROL));
    expect(got.data).toEqual(digest.data);
    // The same person elsewhere keeps the same clock (prefs are a person's, not a guild's).
    expect((await call<AlertsConfigOutput>("alerts.getConfig", beta)).data).toEqual(digest.data);
    // Bob has set nothing: the defaults.
    expect((await call<AlertsConfigOutput>("alerts.getConfig", acme(BOB))).data.prefs.timeZone).toBe("UTC");

    const bad = await call("alerts.config", acme(CAROL), { timeZone: "Mars/Olympus_Mons" }, true);
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toContain("timeZone: must be an IANA time zone");
    const cleared = await call<AlertsConfigOutput>("alerts.config", acme(CAROL), { quietHours: null }, true);
    expect(cleared.data.prefs.quietHours).toBeNull();
    expect(cleared.data.prefs.timeZone).toBe("Europe/Berlin");
  });

  it("lets only admins set a channel's prefs, of their own guild", async () => {
    const viewer = await call("alerts.config", acme(CAROL), { channelId: CHANNEL, timeZone: "UTC" }, true);
    expect(viewer.status).toBe(403);
    const quiet = await call(
      "alerts.config",
      acme(ALICE),
      { channelId: CHANNEL, quietHours: { start: "22:00", end: "07:00" } },
      true,
    );
    expect(quiet.error?.message).toContain("quietHours: a channel has no quiet hours");
    const set = await call<AlertsConfigOutput>(
      "alerts.config",
      acme(ALICE),
      {
        channelId: CHANNEL,
        timeZone: "America/New_York",
        businessHours: { days: [1, 2, 3], start: "08:00", end: "16:00" },
      },
      true,
    );
    expect(set.data.prefs).toMatchObject({ timeZone: "America/New_York", quietHours: null });
    expect(
      (await call<AlertsConfigOutput>("alerts.getConfig", acme(BOB), { channelId: CHANNEL })).data,
    ).toEqual(set.data);
    // Another guild's admin can neither read nor take over Acme's channel settings.
    expect((await call("alerts.getConfig", beta, { channelId: CHANNEL })).status).toBe(404);
    expect((await call("alerts.config", beta, { channelId: CHANNEL, timeZone: "UTC" }, true)).status).toBe(
      404,
    );
    const row = await db.prisma.alertPrefs.findUnique({
      where: { kind_id: { kind: "channel", id: CHANNEL } },
    });
    expect(row?.guildId).toBe(ACME);
  });
});

describe("alerts.history and alerts.event", () => {
  it("shows a person the alerts sent to them, an admin the guild's, another guild none", async () => {
    const bob = await call<AlertsHistoryOutput>("alerts.history", acme(BOB), {});
    expect(bob.data.items.map((e) => e.id)).toEqual(["ev-bob-2", "ev-bob-1"]);
    expect(bob.data.items[0]).toMatchObject({
      ruleId: rule.alice,
      ruleName: "shop crashes",
      kind: "grouped",
      severity: "HIGH",
      lines: ["exit code 137 (OOMKilled)"],
      actions: [{ type: "diagnose" }, { type: "mute", target: { group: GROUP } }],
    });
    const alice = await call<AlertsHistoryOutput>("alerts.history", acme(ALICE), { clusterId });
    expect(alice.data.items.map((e) => e.id)).toEqual(["ev-alice", "ev-bob-2", "ev-bob-1", "ev-channel"]);
    const theirs = await call<AlertsHistoryOutput>("alerts.history", beta, { clusterId });
    expect(theirs.data.items.map((e) => e.id)).toEqual(["ev-beta"]);
    expect((await call<AlertsHistoryOutput>("alerts.history", acme(CAROL))).data.items).toEqual([]);
  });

  it("pages with nextBefore and validates the limit", async () => {
    const first = await call<AlertsHistoryOutput>("alerts.history", acme(ALICE), { limit: 2 });
    expect(first.data.items.map((e) => e.id)).toEqual(["ev-alice", "ev-bob-2"]);
    expect(first.data.nextBefore).toBe("2026-11-30T11:00:00.000Z");
    const second = await call<AlertsHistoryOutput>("alerts.history", acme(ALICE), {
      limit: 2,
      before: first.data.nextBefore,
    });
    expect(second.data.items.map((e) => e.id)).toEqual(["ev-bob-1", "ev-channel"]);
    expect(second.data.nextBefore).toBeNull();
    const bad = await call("alerts.history", acme(ALICE), { limit: 500 });
    expect(bad.error?.message).toContain("limit: limit must be between 1 and 100");
  });

  it("gives one event to its recipients, the guild's admins and, for channel posts, the guild", async () => {
    const mine = await call<AlertEventView>("alerts.event", acme(BOB), { id: "ev-bob-1" });
    expect(mine.data).toMatchObject({ id: "ev-bob-1", title: "ev-bob-1 crashing", clusterId });
    expect((await call("alerts.event", acme(BOB), { id: "ev-alice" })).status).toBe(404);
    expect((await call("alerts.event", acme(ALICE), { id: "ev-bob-1" })).status).toBe(200);
    expect((await call("alerts.event", acme(CAROL), { id: "ev-channel" })).status).toBe(200);
    // Beta's admin is Carol too: Acme's events stay Acme's.
    expect((await call("alerts.event", beta, { id: "ev-channel" })).status).toBe(404);
    expect((await call("alerts.event", beta, { id: "ev-beta" })).status).toBe(200);
  });
});
