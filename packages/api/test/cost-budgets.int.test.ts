/**
 * Budget alerts end to end on a real database, notify() and the Discord
 * stand-in: time advances hour by hour through two days; each day the
 * forecast alert comes first (while spend is still below the budget) and
 * "exceeded" comes exactly once, also with evaluators racing.
 */
import { randomBytes } from "node:crypto";
import { createCredentialCipher, createDiscordDirectory } from "@clustercord/auth";
import type { Database } from "@clustercord/db";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import { createNotifyService, type NotifyService } from "@clustercord/notify";
import { localClusterPolicy, openTestDatabase } from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterGuard, ResourceCaches } from "../src/index";
import { type CostJobDeps, evaluateBudgets } from "../src/services/cost-budgets";

const ALICE = "100000000000000001"; // Acme's owner
const BOB = "100000000000000002"; // operator in Acme: sets the budget
const ACME = "200000000000000001";
const HOUR = 3_600_000;
const DAY1 = Date.parse("2026-11-10T00:00:00Z");

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let standIn: DiscordStandIn;
let service: NotifyService;
let runner: JobRunner;
let deps: CostJobDeps;
let clusterId: string;

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
  deps = {
    prisma: db.prisma,
    cipher: createCredentialCipher([{ id: "k1", key: randomBytes(32) }]),
    caches: new ResourceCaches(),
    clusterGuard: createClusterGuard(localClusterPolicy),
    notifications: service,
    directory: createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token }),
  };
  const cluster = await db.prisma.cluster.create({
    data: {
      guildId: ACME,
      name: "prod",
      server: "https://127.0.0.1:1",
      credential: "x",
      keyId: "k1",
      createdBy: ALICE,
    },
  });
  clusterId = cluster.id;
  // Two days of one core in "shop" (0.05/h at the default price: $1.20 a day) and noise in "other".
  const rows = [];
  for (let h = 0; h < 48; h++)
    for (const namespace of ["shop", "other"])
      rows.push({
        clusterId,
        hour: new Date(DAY1 + h * HOUR),
        namespace,
        workload: "Deployment/web",
        personId: null,
        attribution: "guild",
        guildId: ACME,
        pods: 1,
        cpuCoreHours: namespace === "shop" ? 1 : 5,
        memGbHours: 0,
        storageGbHours: 0,
        cpuUsageCoreHours: 1,
        cpuRequestCoreHours: 1,
        memUsageGbHours: 0,
        memRequestGbHours: 0,
        sampledSeconds: 3600,
      });
  await db.prisma.usageHour.createMany({ data: rows });
  await db.prisma.costBudget.create({
    data: {
      clusterId,
      guildId: ACME,
      scopeKind: "namespace",
      scopeValue: "shop",
      period: "day",
      threshold: 1,
      createdBy: BOB,
    },
  });
});

afterAll(async () => {
  await runner?.stop({ graceMs: 1_000 });
  await service?.close();
  await standIn?.close();
  await testDb?.drop();
});

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

describe("budget alerts", () => {
  it("warn by forecast before the budget is spent, and say exceeded exactly once per period", async () => {
    let sent = 0;
    for (let h = 1; h <= 48; h++) {
      const now = new Date(DAY1 + h * HOUR);
      // Two evaluators at once (two processes after the same rollup): the database decides who sends.
      const [a, b] = await Promise.all([
        evaluateBudgets(deps, clusterId, now),
        evaluateBudgets(deps, clusterId, now),
      ]);
      sent += a.sent + b.sent;
    }
    const alerts = await db.prisma.budgetAlert.findMany({
      orderBy: [{ periodStart: "asc" }, { sentAt: "asc" }],
    });
    expect(alerts.map((a) => [a.periodStart.toISOString(), a.kind])).toEqual([
      ["2026-11-10T00:00:00.000Z", "forecast"],
      ["2026-11-10T00:00:00.000Z", "exceeded"],
      ["2026-11-11T00:00:00.000Z", "forecast"],
      ["2026-11-11T00:00:00.000Z", "exceeded"],
    ]);
    expect(sent).toBe(4);
    // Hand computation: after the first hour $0.05 spent, forecast 0.05 × 24 = $1.20 ≥ $1.00.
    const [forecast1, exceeded1] = alerts;
    expect(forecast1?.sentAt.toISOString()).toBe("2026-11-10T01:00:00.000Z");
    expect(forecast1?.amount).toBeCloseTo(0.05, 10);
    // $1.00 is reached after 20 hours (20 × 0.05).
    expect(exceeded1?.sentAt.toISOString()).toBe("2026-11-10T20:00:00.000Z");
    expect(exceeded1?.amount).toBeCloseTo(1, 10);

    // The setter (Bob) and the guild's owner (Alice) each get one notification per alert.
    for (const userId of [ALICE, BOB]) {
      const notes = await db.prisma.notification.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
      });
      expect(notes.map((n) => n.title)).toEqual([
        "Budget forecast: namespace shop",
        "Budget exceeded: namespace shop",
        "Budget forecast: namespace shop",
        "Budget exceeded: namespace shop",
      ]);
      expect(notes[0]?.body).toBe(
        "Budget for namespace shop: $0.05 of $1.00 today; at this rate it is exceeded at 20:00 UTC.",
      );
      expect(notes[1]?.body).toBe("Budget for namespace shop: $1.00 of $1.00 today; the budget is exceeded.");
    }
    // And as a DM through Discord (the delivery job runs after notify() returns).
    const dms = await until(
      () => standIn.dms(ALICE),
      (list) => list.length >= 4,
    );
    expect(dms.map((m) => JSON.stringify(m)).filter((m) => m.includes("Budget exceeded"))).toHaveLength(2);
  });
});
