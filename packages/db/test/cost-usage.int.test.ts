import { rollupHour, type UsageSampleRow } from "@clustercord/cost";
import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addUsageHours,
  type Database,
  deleteUsageBefore,
  hasUsageBefore,
  insertCluster,
  listClusterIds,
  recordUsageGap,
  writeUsagePass,
} from "../src/index";

const GUILD = "200000000000000001";
const ALICE = "100000000000000001";
let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let clusterId: string;

const sample = (at: Date, over: Partial<UsageSampleRow> = {}): UsageSampleRow => ({
  at,
  namespace: "shop",
  workload: "Deployment/web",
  attribution: "guild",
  personId: null,
  guildId: GUILD,
  pods: 2,
  cpuUsageCores: 1.5,
  cpuRequestCores: 1,
  memUsageGb: 1,
  memRequestGb: 2,
  storageGb: 0,
  seconds: 900,
  ...over,
});
const pass = (at: Date, samples: UsageSampleRow[]) => ({
  samples,
  cluster: {
    at,
    seconds: 900,
    nodes: 3,
    cpuCapacityCores: 12,
    memCapacityGb: 48,
    cpuAllocatedCores: samples.reduce((s, r) => s + r.cpuRequestCores, 0),
    memAllocatedGb: samples.reduce((s, r) => s + r.memRequestGb, 0),
  },
});

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
  const cluster = await insertCluster(db.prisma, {
    id: "cost-cluster",
    guildId: GUILD,
    name: "cost",
    server: "https://127.0.0.1:6443",
    shared: false,
    insecure: false,
    credential: "sealed",
    keyId: "k1",
    createdBy: ALICE,
  } as never);
  clusterId = cluster.id;
});
afterAll(async () => {
  await testDb?.drop();
});

describe("usage passes", () => {
  const t1 = new Date("2026-11-30T10:15:00Z");
  const t2 = new Date("2026-11-30T10:30:00Z");
  const first = [
    sample(t1),
    sample(t1, {
      workload: "StatefulSet/db",
      attribution: "created-by",
      personId: ALICE,
      pods: 1,
      storageGb: 20,
    }),
  ];
  const second = [sample(t2, { pods: 3, cpuUsageCores: 0.5, memUsageGb: 3 })];

  it("stores the samples and adds each pass to the hour, once", async () => {
    expect(await listClusterIds(db.prisma)).toContain(clusterId);
    expect(await writeUsagePass(db.prisma, clusterId, pass(t1, first))).toEqual({
      written: true,
      samples: 2,
      hours: 2,
    });
    await writeUsagePass(db.prisma, clusterId, pass(t2, second));
    // A retried pass: its samples are there, nothing is added again.
    expect(await writeUsagePass(db.prisma, clusterId, pass(t2, second))).toMatchObject({ written: false });

    expect(await db.prisma.usageSample.count({ where: { clusterId } })).toBe(3);
    const web = await db.prisma.usageHour.findUniqueOrThrow({
      where: {
        clusterId_hour_namespace_workload: {
          clusterId,
          hour: new Date("2026-11-30T10:00:00Z"),
          namespace: "shop",
          workload: "Deployment/web",
        },
      },
    });
    // max(1, 1.5) × 0.25 h + max(1, 0.5) × 0.25 h; memory max(2, 1) × 0.25 + max(2, 3) × 0.25.
    expect(web).toMatchObject({ pods: 3, cpuCoreHours: 0.625, memGbHours: 1.25, sampledSeconds: 1800 });
    const db0 = await db.prisma.usageHour.findFirstOrThrow({
      where: { clusterId, workload: "StatefulSet/db" },
    });
    expect(db0).toMatchObject({
      personId: ALICE,
      attribution: "created-by",
      storageGbHours: 5,
      cpuCoreHours: 0.375,
    });
    // (db: max(1, 1.5) × 0.25 h = 0.375 core-hours, 20 GiB × 0.25 h = 5 GiB-hours.)
    // What is stored equals a rollup of all the samples at once.
    const stored = await db.prisma.usageHour.findMany({ where: { clusterId }, orderBy: { workload: "asc" } });
    const expected = rollupHour([...first, ...second]).sort((a, b) => (a.workload < b.workload ? -1 : 1));
    expect(stored.map(({ clusterId: _, ...row }) => row)).toEqual(expected);

    const hour = await db.prisma.clusterHour.findUniqueOrThrow({
      where: { clusterId_hour: { clusterId, hour: new Date("2026-11-30T10:00:00Z") } },
    });
    // Two passes of 15 min: 12 cores × 0.5 h; allocated (1 + 1) × 0.25 + 1 × 0.25.
    expect(hour).toMatchObject({
      nodes: 3,
      cpuCapacityCoreHours: 6,
      memCapacityGbHours: 24,
      cpuAllocatedCoreHours: 0.75,
      memAllocatedGbHours: 1.5,
      sampledSeconds: 1800,
    });
  });

  it("merges simulated history into the same rows", async () => {
    const hour = new Date("2026-11-29T08:00:00Z");
    const [row] = rollupHour([sample(new Date("2026-11-29T08:00:00Z"), { seconds: 3600 })]);
    await addUsageHours(db.prisma, clusterId, [row as NonNullable<typeof row>], []);
    await addUsageHours(db.prisma, clusterId, [row as NonNullable<typeof row>], []);
    const stored = await db.prisma.usageHour.findFirstOrThrow({ where: { clusterId, hour } });
    // 1.5 core-hours, twice.
    expect(stored).toMatchObject({ cpuCoreHours: 3, sampledSeconds: 7200, pods: 2 });
  });
});

describe("gaps", () => {
  it("records an outage as one gap that grows with each failed pass", async () => {
    const reason = "metrics.k8s.io is unavailable (HTTP 503)";
    const a = await recordUsageGap(
      db.prisma,
      clusterId,
      { from: new Date("2026-11-30T11:00:00Z"), to: new Date("2026-11-30T11:01:00Z"), reason },
      { joinWithinMs: 30_000 },
    );
    const b = await recordUsageGap(
      db.prisma,
      clusterId,
      // A pass 10 s late.
      { from: new Date("2026-11-30T11:01:10Z"), to: new Date("2026-11-30T11:02:10Z"), reason },
      { joinWithinMs: 30_000 },
    );
    expect(b).toEqual({
      id: a.id,
      from: new Date("2026-11-30T11:00:00Z"),
      to: new Date("2026-11-30T11:02:10Z"),
    });
    // Much later: a new gap.
    await recordUsageGap(
      db.prisma,
      clusterId,
      { from: new Date("2026-11-30T13:00:00Z"), to: new Date("2026-11-30T13:01:00Z"), reason },
      { joinWithinMs: 30_000 },
    );
    expect(await db.prisma.usageGap.count({ where: { clusterId } })).toBe(2);
  });
});

describe("retention", () => {
  it("deletes samples before their cutoff and hours and gaps before theirs", async () => {
    const deleted = await deleteUsageBefore(db.prisma, {
      samplesBefore: new Date("2026-11-30T10:20:00Z"),
      hoursBefore: new Date("2026-11-30T00:00:00Z"),
    });
    // The 10:15 samples (2); the 29th's simulated hour (1); no cluster hour, no gap that old.
    expect(deleted).toEqual({ samples: 2, hours: 1, clusterHours: 0, gaps: 0 });
    expect(await db.prisma.usageSample.count({ where: { clusterId } })).toBe(1);
    expect(await db.prisma.usageHour.count({ where: { clusterId } })).toBe(2);
    // What is left starts at 10:00 on the 30th.
    expect(await hasUsageBefore(db.prisma, clusterId, new Date("2026-11-30T10:00:00Z"))).toBe(false);
    expect(await hasUsageBefore(db.prisma, clusterId, new Date("2026-11-30T11:00:00Z"))).toBe(true);
  });
});
