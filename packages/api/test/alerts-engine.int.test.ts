/**
 * The alerts engine's step/save/deliver path on a real database, notify() and the Discord stand-in,
 * with no cluster: observations are fed in at chosen times. A "restart" is a new engine (fresh deps,
 * config reloaded) over the same database: throttles, groups, mutes, held alerts and digests must
 * all come from the stored AlertState.
 */
import type { AlertInput, AlertResource, AlertRuleSpec } from "@clustercord/alerts";
import type { Database } from "@clustercord/db";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import { createNotifyService, type NotifyService } from "@clustercord/notify";
import { openTestDatabase } from "@clustercord/testenv";
import { type DiscordStandIn, type SentMessage, startDiscordStandIn } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AlertsEngineDeps, evaluateAlerts } from "../src/services/alerts-engine";

const ALICE = "100000000000000001";
const BOB = "100000000000000002";
const CAROL = "100000000000000003";
const ACME = "200000000000000001";
const MINUTE = 60_000;
/** Monday 30 November 2026, 10:00 UTC: business hours. */
const MONDAY_10 = Date.parse("2026-11-30T10:00:00Z");

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let standIn: DiscordStandIn;
let service: NotifyService;
let runner: JobRunner;

beforeAll(async () => {
  [testDb, standIn] = await Promise.all([openTestDatabase(), startDiscordStandIn()]);
  db = testDb.db;
  service = createNotifyService({
    prisma: db.prisma,
    discord: { apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token },
    smtp: null,
    publicUrl: "https://cc.example.test",
  });
  runner = createJobRunner({ mode: "regular" });
  runner.register(service.jobs.map((entry) => entry.job));
  service.attachRunner(runner);
  await runner.start();
});

afterAll(async () => {
  await runner?.stop({ graceMs: 1_000 });
  await service?.close();
  await standIn?.close();
  await testDb?.drop();
});

/** A new engine: nothing carried over in memory from the last one. */
const engine = (): AlertsEngineDeps => ({ prisma: db.prisma, notifications: { notify: service.notify } });

async function cluster(name: string, rules: Omit<AlertRuleSpec, "clusterId" | "name">[]) {
  const row = await db.prisma.cluster.create({
    data: {
      guildId: ACME,
      name,
      server: "https://127.0.0.1:1",
      credential: "x",
      keyId: "k1",
      createdBy: ALICE,
    },
  });
  const ids: string[] = [];
  for (const [i, spec] of rules.entries()) {
    const rule = await db.prisma.alertRule.create({
      data: {
        clusterId: row.id,
        guildId: ACME,
        name: `${name}-${i}`,
        spec: { ...spec, name: `${name}-${i}`, clusterId: row.id },
        createdBy: ALICE,
      },
    });
    ids.push(rule.id);
  }
  return { clusterId: row.id, ruleIds: ids };
}

const pod = (clusterId: string, name: string, namespace = "shop"): AlertResource => ({
  cluster: clusterId,
  kind: "Pod",
  namespace,
  name,
  owner: { kind: "Deployment", name: "api" },
});

const crash = (resource: AlertResource, state: "firing" | "cleared" = "firing"): AlertInput => ({
  type: "condition",
  condition: "pod-crash",
  state,
  resource,
  details: {
    container: "api",
    reason: "OOMKilled",
    exitCode: 137,
    restartCount: 4,
    logLines: ["loading cache", "token: ghp_abcdefghijklmnopqrstuvwxyz0123456789", "allocating 2Gi"],
  },
});

const step = (clusterId: string, inputs: AlertInput[], at: number, deps = engine()) =>
  evaluateAlerts(deps, clusterId, () => inputs, at);

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return read();
}

/** DMs of a person whose embed title matches. */
const dmsAbout = (userId: string, title: RegExp) =>
  standIn.dms(userId).filter((m) => m.embeds?.some((e) => title.test(String(e.title ?? ""))));
const text = (m: SentMessage | undefined) => JSON.stringify(m ?? null);

describe("alerts engine", () => {
  it("sends one alert with buttons, throttles and groups the rest, then says resolved, across a restart", async () => {
    const { clusterId } = await cluster("throttle", [
      {
        type: "pod-crash",
        scope: { kind: "namespace", namespace: "shop" },
        subscribers: [{ kind: "person", id: ALICE, via: ["dm", "web"] }],
      },
    ]);
    const first = await step(clusterId, [crash(pod(clusterId, "api-1"))], MONDAY_10);
    expect(first.events).toHaveLength(1);
    const [alert] = await until(
      () => dmsAbout(ALICE, /api-1 is crashing/),
      (l) => l.length >= 1,
    );
    expect(alert?.embeds?.[0]?.description).toContain("Exit code: 137");
    expect(alert?.embeds?.[0]?.description).toContain("allocating 2Gi");
    // Secret-shaped log text never reaches Discord or the history.
    expect(text(alert)).not.toContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    const event = await db.prisma.alertEvent.findUniqueOrThrow({ where: { id: first.events[0] } });
    expect(JSON.stringify(event.lines)).not.toContain("ghp_abcdef");
    expect(event.kind).toBe("alert");
    const buttons = (alert?.components ?? []).flatMap(
      (row) => (row as { components: { custom_id: string }[] }).components,
    );
    expect(event.guildId).toMatch(/^\d{17,20}$/);
    expect(buttons.map((b) => b.custom_id)).toEqual([
      `alert:diagnose:${event.id}:${event.guildId}`,
      `alert:mute:${event.id}:${event.guildId}`,
    ]);
    // And the web center has it.
    expect(
      await db.prisma.notification.count({
        where: { userId: ALICE, title: { contains: "api-1 is crashing" } },
      }),
    ).toBe(1);

    // Two more pods of the same Deployment within the throttle window: nothing yet.
    const quiet = await step(
      clusterId,
      [crash(pod(clusterId, "api-2")), crash(pod(clusterId, "api-3"))],
      MONDAY_10 + MINUTE,
    );
    expect(quiet.deliveries).toBe(0);
    // The process restarts; the next tick after the window sends one grouped message.
    const grouped = await step(clusterId, [], MONDAY_10 + 5 * MINUTE, engine());
    // One message, to Alice's two channels (DM and web).
    expect(grouped.deliveries).toBe(2);
    const [group] = await until(
      () => dmsAbout(ALICE, /2 pods of Deployment shop\/api are crashing/),
      (l) => l.length >= 1,
    );
    expect(group?.embeds?.[0]?.description).toContain("shop/api-3");
    // Replaying the same step (a retried job) sends nothing twice.
    await step(clusterId, [], MONDAY_10 + 5 * MINUTE + 1, engine());

    // All three recover: one "resolved" listing them, without buttons.
    await step(
      clusterId,
      ["api-1", "api-2", "api-3"].map((n) => crash(pod(clusterId, n), "cleared")),
      MONDAY_10 + 6 * MINUTE,
      engine(),
    );
    const [resolved] = await until(
      () => dmsAbout(ALICE, /^Resolved: 3 pods were crashing/),
      (l) => l.length >= 1,
    );
    expect(resolved?.components ?? []).toEqual([]);
    expect(dmsAbout(ALICE, /crashing/)).toHaveLength(3);
    const kinds = await db.prisma.alertEvent.findMany({ where: { clusterId }, orderBy: { at: "asc" } });
    expect(kinds.map((e) => e.kind)).toEqual(["alert", "grouped", "resolved"]);
  });

  it("keeps a mute through a restart and sends once it expires", async () => {
    const { clusterId, ruleIds } = await cluster("mute", [
      {
        type: "pod-crash",
        scope: { kind: "cluster" },
        subscribers: [{ kind: "person", id: BOB, via: ["dm"] }],
      },
    ]);
    await step(
      clusterId,
      [{ type: "mute", target: { ruleId: ruleIds[0] as string }, durationMs: 60 * MINUTE }],
      MONDAY_10,
    );
    const muted = await step(
      clusterId,
      [crash(pod(clusterId, "m-1", "muted"))],
      MONDAY_10 + 10 * MINUTE,
      engine(),
    );
    expect(muted.deliveries).toBe(0);
    expect((await step(clusterId, [], MONDAY_10 + 59 * MINUTE, engine())).deliveries).toBe(0);
    const after = await step(clusterId, [], MONDAY_10 + 61 * MINUTE, engine());
    expect(after.deliveries).toBe(1);
    await until(
      () => dmsAbout(BOB, /muted\/m-1 is crashing/),
      (l) => l.length >= 1,
    );
  });

  it("holds an alert through quiet hours (and outside business hours), then delivers it", async () => {
    const { clusterId } = await cluster("quiet", [
      {
        type: "pod-crash",
        scope: { kind: "cluster" },
        subscribers: [{ kind: "person", id: CAROL, via: ["dm"] }],
      },
    ]);
    await db.prisma.alertPrefs.create({
      data: {
        kind: "person",
        id: CAROL,
        guildId: ACME,
        prefs: { timeZone: "UTC", quietHours: { start: "22:00", end: "07:00" } },
      },
    });
    const night = Date.parse("2026-11-30T23:00:00Z");
    expect((await step(clusterId, [crash(pod(clusterId, "q-1", "night"))], night)).deliveries).toBe(0);
    // Quiet hours are over at 07:00, but HIGH waits for business hours (09:00).
    expect((await step(clusterId, [], Date.parse("2026-12-01T07:01:00Z"), engine())).deliveries).toBe(0);
    const morning = await step(clusterId, [], Date.parse("2026-12-01T09:00:00Z"), engine());
    expect(morning.deliveries).toBe(1);
    await until(
      () => dmsAbout(CAROL, /night\/q-1 is crashing/),
      (l) => l.length >= 1,
    );
    expect(dmsAbout(CAROL, /night\/q-1/)).toHaveLength(1);
  });

  it("gathers MEDIUM alerts into the daily digest, kept across a restart", async () => {
    const { clusterId } = await cluster("digest", [
      {
        type: "job-failed",
        scope: { kind: "cluster" },
        subscribers: [{ kind: "person", id: ALICE, via: ["web"] }],
      },
    ]);
    const job = (name: string): AlertInput => ({
      type: "condition",
      condition: "job-failed",
      state: "firing",
      resource: { cluster: clusterId, kind: "Job", namespace: "ops", name, owner: null },
      details: { reason: "BackoffLimitExceeded" },
    });
    expect((await step(clusterId, [job("backup")], MONDAY_10)).deliveries).toBe(0);
    expect((await step(clusterId, [job("report")], MONDAY_10 + 2 * 60 * MINUTE, engine())).deliveries).toBe(
      0,
    );
    const next = await step(clusterId, [], Date.parse("2026-12-01T09:00:00Z"), engine());
    expect(next.deliveries).toBe(1);
    const digest = await until(
      () =>
        db.prisma.notification.findMany({
          where: { userId: ALICE, title: { startsWith: "Daily alert digest" } },
        }),
      (l) => l.length >= 1,
    );
    expect(digest.map((n) => n.title)).toEqual(["Daily alert digest: 2 alerts"]);
    expect(digest[0]?.body).toContain("Job ops/backup failed");
    expect(digest[0]?.body).toContain("Job ops/report failed");
    // Web only: no DM for it.
    expect(dmsAbout(ALICE, /digest/)).toHaveLength(0);
  });

  it("posts to a guild channel subscriber with the buttons", async () => {
    const channel = "400000000000000001";
    const { clusterId } = await cluster("channel", [
      { type: "node-not-ready", scope: { kind: "cluster" }, subscribers: [{ kind: "channel", id: channel }] },
    ]);
    const night = Date.parse("2026-11-30T23:30:00Z");
    // CRITICAL goes at once, even at night.
    const result = await step(
      clusterId,
      [
        {
          type: "condition",
          condition: "node-not-ready",
          state: "firing",
          resource: { cluster: clusterId, kind: "Node", namespace: null, name: "worker-9", owner: null },
          details: { reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." },
        },
      ],
      night,
    );
    expect(result.deliveries).toBe(1);
    const [post] = await until(
      () => standIn.channelMessages(channel).filter((m) => text(m).includes("worker-9")),
      (l) => l.length >= 1,
    );
    expect(text(post)).toContain(`alert:mute:${result.events[0]}`);
  });

  it("retries on a concurrent save instead of overwriting it", async () => {
    const { clusterId } = await cluster("race", [
      {
        type: "pod-crash",
        scope: { kind: "cluster" },
        subscribers: [{ kind: "person", id: BOB, via: ["web"] }],
      },
    ]);
    const results = await Promise.all(
      ["r-1", "r-2", "r-3"].map((n) => step(clusterId, [crash(pod(clusterId, n, "race"))], MONDAY_10)),
    );
    const state = await db.prisma.alertState.findUniqueOrThrow({ where: { clusterId } });
    expect(state.version).toBe(3);
    // Every pod's condition survived the race.
    expect(Object.keys((state.state as { conditions: object }).conditions)).toHaveLength(3);
    expect(results.reduce((n, r) => n + r.attempts, 0)).toBeGreaterThanOrEqual(3);
  });
});
