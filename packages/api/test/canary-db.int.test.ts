/**
 * The Canary rows on a real database (PGlite, or PostgreSQL with DB_KIND):
 * one running canary per Deployment across callers, an end claimed once,
 * the checks capped, and a new canary possible once the last one ended.
 */
import {
  appendCanaryCheck,
  claimCanaryEnd,
  findLatestCanary,
  findRunningCanary,
  finishCanary,
  insertCanary,
  listRunningCanaries,
  MAX_CANARY_CHECKS,
  type NewCanary,
} from "@clustercord/db";
import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let clusterId: string;
const ref = () => ({ clusterId, namespace: "shop", deployment: "api" });
const canary = (startedAt: Date): NewCanary => ({
  ...ref(),
  guildId: "200000000000000001",
  canaryDeployment: "api-canary",
  image: "ghcr.io/acme/api:2.0",
  stableImage: "ghcr.io/acme/api:1.0",
  percentage: 25,
  traffic: "replicas",
  httpRoute: null,
  service: null,
  stableReplicas: 4,
  canaryReplicas: 1,
  startedById: "100000000000000002",
  startedVia: "web",
  startedAt,
  analysisEndsAt: new Date(startedAt.getTime() + 60_000),
});
const check = (i: number) => ({
  at: new Date(i * 1000).toISOString(),
  ready: 1,
  desired: 1,
  restarts: 0,
  findings: [],
  healthy: true,
});

beforeAll(async () => {
  testDb = await openTestDatabase();
  const cluster = await testDb.db.prisma.cluster.create({
    data: {
      guildId: "200000000000000001",
      name: "local",
      server: "https://127.0.0.1:6443",
      credential: "sealed",
      keyId: "k1",
      createdBy: "100000000000000001",
    },
  });
  clusterId = cluster.id;
}, 120_000);

afterAll(async () => {
  await testDb?.drop();
});

describe("Canary rows", () => {
  it("keep one running canary per Deployment, even when two start at once", async () => {
    const prisma = testDb.db.prisma;
    const [a, b] = await Promise.all([
      insertCanary(prisma, canary(new Date(1_000))),
      insertCanary(prisma, canary(new Date(2_000))),
    ]);
    expect([a, b].filter((row) => row !== null)).toHaveLength(1);
    const running = await findRunningCanary(prisma, ref());
    expect(running).toMatchObject({ phase: "analysing", reason: null, endedAt: null, checks: [] });
    expect((await listRunningCanaries(prisma)).map((r) => r.id)).toEqual([running?.id]);
  });

  it("append checks while analysing, keeping the newest", async () => {
    const prisma = testDb.db.prisma;
    const running = await findRunningCanary(prisma, ref());
    for (let i = 0; i < MAX_CANARY_CHECKS + 3; i++)
      await appendCanaryCheck(prisma, running?.id ?? "", check(i));
    const checks = (await findRunningCanary(prisma, ref()))?.checks ?? [];
    expect(checks).toHaveLength(MAX_CANARY_CHECKS);
    expect(checks[0]).toEqual(check(3));
    expect(checks.at(-1)).toEqual(check(MAX_CANARY_CHECKS + 2));
  });

  it("let exactly one caller claim the end, then free the Deployment for a new canary", async () => {
    const prisma = testDb.db.prisma;
    const running = await findRunningCanary(prisma, ref());
    const id = running?.id ?? "";
    const claims = await Promise.all([
      claimCanaryEnd(prisma, id, "promoting", "healthy"),
      claimCanaryEnd(prisma, id, "rolling-back", "a pod restarted"),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // No more checks once it is ending; still running (its end is not done).
    await appendCanaryCheck(prisma, id, check(999));
    expect((await findRunningCanary(prisma, ref()))?.checks.at(-1)).toEqual(check(MAX_CANARY_CHECKS + 2));
    expect(await insertCanary(prisma, canary(new Date(3_000)))).toBeNull();

    const ended = await finishCanary(prisma, id, {
      phase: "promoted",
      reason: "healthy",
      at: new Date(4_000),
    });
    expect(ended).toMatchObject({ phase: "promoted", reason: "healthy", endedAt: new Date(4_000) });
    expect(await findRunningCanary(prisma, ref())).toBeNull();
    expect(await listRunningCanaries(prisma)).toEqual([]);
    const next = await insertCanary(prisma, canary(new Date(5_000)));
    expect(next?.phase).toBe("analysing");
    expect((await findLatestCanary(prisma, ref()))?.id).toBe(next?.id);
  });
});
