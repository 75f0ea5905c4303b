/**
 * cost.* over HTTP with everything real behind it (database, Discord
 * stand-in, local control plane, OpenCost stand-in): known rollup rows in,
 * hand-computed dollars out, per person and tenancy. Acme (Alice admin, Bob
 * operator) owns a shared cluster; Beta (Carol admin) is a tenant on it.
 */
import type {
  Budget,
  CostBreakdownOutput,
  CostConfig,
  CostExportOutput,
  CostPersonOutput,
  CostSummaryOutput,
  CostUsageOutput,
} from "@clustercord/contracts";
import { type OpenCostStandIn, startOpenCostStandIn } from "@clustercord/testenv/opencost";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-01T00:00:00Z");
const at = (h: number) => new Date(T0 + h * HOUR);
const period = { kind: "custom", from: at(0).toISOString(), to: at(4).toISOString() } as const;

let h: ApiHarness;
let clusterId: string;
let opencost: OpenCostStandIn;

const alice = () => [ALICE, ACME] as const;
const bob = () => [BOB, ACME] as const;
const carol = () => [CAROL, BETA] as const;

function row(
  hour: number,
  namespace: string,
  workload: string,
  cpu: number,
  extra: Record<string, unknown> = {},
) {
  return {
    clusterId,
    hour: at(hour),
    namespace,
    workload,
    personId: null,
    attribution: "guild",
    guildId: null,
    pods: 1,
    cpuCoreHours: cpu,
    memGbHours: 2 * cpu,
    storageGbHours: 0,
    cpuUsageCoreHours: cpu / 2,
    cpuRequestCoreHours: cpu,
    memUsageGbHours: cpu,
    memRequestGbHours: 2 * cpu,
    sampledSeconds: 3600,
    ...extra,
  };
}

beforeAll(async () => {
  h = await startApiHarness();
  clusterId = await h.addSharedCluster([BETA]);
  const prisma = h.db.prisma;
  const rows = [];
  for (let hour = 0; hour < 4; hour++) {
    // Alice's web in Acme's namespace (created through ClusterCord), 2 cores, 4 GiB, 73 GiB of PVC.
    rows.push(
      row(hour, nsAcme, "Deployment/web", 2, {
        personId: ALICE,
        attribution: "created-by",
        guildId: ACME,
        storageGbHours: 73,
      }),
    );
    rows.push(row(hour, nsBeta, "Deployment/api", 1, { guildId: BETA }));
    rows.push(row(hour, "kube-system", "DaemonSet/kube-proxy", 0.5));
  }
  await prisma.usageHour.createMany({ data: rows });
  await prisma.clusterHour.createMany({
    data: [0, 1, 2, 3].map((hour) => ({
      clusterId,
      hour: at(hour),
      nodes: 1,
      cpuCapacityCoreHours: 8,
      memCapacityGbHours: 16,
      cpuAllocatedCoreHours: 3.5,
      memAllocatedGbHours: 7,
      sampledSeconds: 3600,
    })),
  });
  // The metrics API was down from hour 5 to hour 7: a gap, never zero.
  await prisma.usageGap.create({
    data: { clusterId, from: at(5), to: at(7), reason: "metrics.k8s.io unavailable" },
  });
  opencost = await startOpenCostStandIn({
    allocations: [
      {
        namespace: nsAcme,
        controllerKind: "deployment",
        controller: "web",
        start: at(0).toISOString(),
        end: at(4).toISOString(),
        cpuCoreHours: 8,
        cpuCost: 0.8,
        ramByteHours: 16 * 1024 ** 3,
        ramCost: 0.16,
        pvByteHours: 0,
        pvCost: 0,
      },
      {
        namespace: nsBeta,
        controllerKind: "statefulset",
        controller: "db",
        start: at(0).toISOString(),
        end: at(4).toISOString(),
        cpuCoreHours: 4,
        cpuCost: 0.4,
        ramByteHours: 8 * 1024 ** 3,
        ramCost: 0.08,
        pvByteHours: 0,
        pvCost: 0.02,
      },
    ],
    idlePerHour: { cpuCost: 0.2, ramCost: 0.05 },
  });
}, 240_000);

afterAll(async () => {
  await opencost?.close();
  await h?.close();
});

async function ok<T>(procedure: string, who: readonly [string, string], input: unknown, mutation = false) {
  const res = await h.call<T>(procedure, who, { input, mutation });
  if (res.status !== 200) throw new Error(`${procedure}: HTTP ${res.status} ${res.error?.message}`);
  return res.data;
}

describe("cost numbers, by hand", () => {
  it("the owner's admin sees every namespace and the idle cost", async () => {
    const s = await ok<CostSummaryOutput>("cost.summary", alice(), { clusterId, period });
    // CPU: (2 + 1 + 0.5) × 4 h × 0.05 = 0.70; memory: 7 GiB × 4 h × 0.01 = 0.28;
    // storage: 73 × 4 = 292 GiB-hours × 0.10 / 730 = 0.04.
    expect(s.source).toBe("clustercord");
    expect(s.totals.cpuCost).toBeCloseTo(0.7, 10);
    expect(s.totals.memoryCost).toBeCloseTo(0.28, 10);
    expect(s.totals.storageCost).toBeCloseTo(0.04, 10);
    expect(s.totals.total).toBeCloseTo(1.02, 10);
    // Idle: (8 − 3.5) cores × 4 h × 0.05 = 0.90; (16 − 7) GiB × 4 h × 0.01 = 0.36.
    expect(s.idle?.total).toBeCloseTo(1.26, 10);
    expect(s.daily).toHaveLength(1);
    expect(s.daily[0]?.total).toBeCloseTo(1.02, 10);
    expect(s.previousTotal).toBe(0);
    expect(s.changePct).toBeNull();
  });

  it("an operator of the owner sees only the namespaces they read, and no idle", async () => {
    const s = await ok<CostSummaryOutput>("cost.summary", bob(), { clusterId, period });
    // Acme's namespace only: 2 × 4 × 0.05 + 4 × 4 × 0.01 + 0.04 = 0.40 + 0.16 + 0.04
    expect(s.totals.total).toBeCloseTo(0.6, 10);
    expect(s.idle).toBeNull();
  });

  it("a tenant sees its own namespace only, and nothing of the owner's", async () => {
    const s = await ok<CostSummaryOutput>("cost.summary", carol(), { clusterId, period });
    // 1 × 4 × 0.05 + 2 × 4 × 0.01 = 0.20 + 0.08
    expect(s.totals.total).toBeCloseTo(0.28, 10);
    expect(s.idle).toBeNull();
    const b = await ok<CostBreakdownOutput>("cost.breakdown", carol(), {
      clusterId,
      period,
      by: "namespace",
    });
    expect(b.rows.map((r) => r.key)).toEqual([nsBeta]);
    expect(JSON.stringify(b)).not.toContain(nsAcme);
    const refused = await h.call("cost.summary", carol(), {
      input: { clusterId, period, namespace: nsAcme },
    });
    expect(refused.status).toBe(404);
  });

  it("breaks down by workload and person, largest first, with shares and attribution", async () => {
    const w = await ok<CostBreakdownOutput>("cost.breakdown", alice(), {
      clusterId,
      period,
      by: "workload",
      limit: 2,
    });
    expect(w.rows.map((r) => r.key)).toEqual([`${nsAcme}/Deployment/web`, `${nsBeta}/Deployment/api`]);
    expect(w.rows[0]?.sharePct).toBeCloseTo((0.6 / 1.02) * 100, 8);
    // kube-proxy beyond the limit: 0.5 × 4 × 0.05 + 1 × 4 × 0.01 = 0.14
    expect(w.other?.total).toBeCloseTo(0.14, 10);
    const p = await ok<CostBreakdownOutput>("cost.breakdown", alice(), { clusterId, period, by: "person" });
    const alicesRow = p.rows.find((r) => r.key === ALICE);
    expect(alicesRow?.attribution).toBe("created-by");
    expect(alicesRow?.total).toBeCloseTo(0.6, 10);
    const me = await ok<CostPersonOutput>("cost.person", alice(), { clusterId, period });
    expect(me.userId).toBe(ALICE);
    expect(me.namespaces).toEqual([nsAcme]);
    expect(me.rows).toHaveLength(1);
    expect(me.rows[0]?.attribution).toBe("created-by");
    expect(me.totals.total).toBeCloseTo(0.6, 10);
  });

  it("shows a metrics outage as a gap (null), not as zero", async () => {
    const u = await ok<CostUsageOutput>("cost.usage", alice(), {
      clusterId,
      period: { kind: "custom", from: at(0).toISOString(), to: at(8).toISOString() },
    });
    expect(u.gaps).toHaveLength(1);
    const byHour = new Map(u.points.map((p) => [p.t, p]));
    expect(byHour.get(at(1).toISOString())?.cpuRequestCores).toBeCloseTo(3.5, 10);
    expect(byHour.get(at(1).toISOString())?.cpuCapacityCores).toBe(8);
    expect(byHour.get(at(5).toISOString())?.cost).toBeNull();
    expect(byHour.get(at(6).toISOString())?.cpuUsageCores).toBeNull();
    const tenant = await ok<CostUsageOutput>("cost.usage", carol(), { clusterId, period });
    expect(tenant.points[0]?.cpuCapacityCores).toBeNull();
  });

  it("exports the same CSV bytes for the same request", async () => {
    const input = { clusterId, period };
    const first = await ok<CostExportOutput>("cost.export", alice(), input);
    const second = await ok<CostExportOutput>("cost.export", alice(), input);
    expect(second.base64).toBe(first.base64);
    expect(first.filename).toBe("clustercord-cost-shared-2026-11-01-2026-11-01.csv");
    const csv = Buffer.from(first.base64, "base64").toString("utf8");
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(4);
    const tenant = await ok<CostExportOutput>("cost.export", carol(), input);
    expect(Buffer.from(tenant.base64, "base64").toString("utf8")).not.toContain(nsAcme);
  });
});

describe("prices, budgets and OpenCost", () => {
  it("prices are the owner's admins' to set, from now on", async () => {
    const refused = await h.call("cost.config.set", carol(), {
      input: { clusterId, prices: { cpuPerCoreHour: 1 } },
      mutation: true,
    });
    expect(refused.status).toBe(403);
    const set = await ok<CostConfig>(
      "cost.config.set",
      alice(),
      { clusterId, prices: { cpuPerCoreHour: 0.07 } },
      true,
    );
    expect(set.prices).toMatchObject({ cpuPerCoreHour: 0.07, memoryPerGbHour: 0.01, currency: "USD" });
    expect(set.history).toHaveLength(1);
    // The past keeps its prices.
    const s = await ok<CostSummaryOutput>("cost.summary", alice(), { clusterId, period });
    expect(s.totals.total).toBeCloseTo(1.02, 10);
  });

  it("budgets: a tenant's only on its own namespaces, with spend and forecast", async () => {
    const refused = await h.call("cost.budgets.set", carol(), {
      input: { clusterId, scope: { kind: "namespace", namespace: nsAcme }, period: "month", threshold: 5 },
      mutation: true,
    });
    expect(refused.status).toBe(404);
    const budget = await ok<Budget>(
      "cost.budgets.set",
      carol(),
      { clusterId, scope: { kind: "namespace", namespace: nsBeta }, period: "month", threshold: 5 },
      true,
    );
    expect(budget.scope).toEqual({ kind: "namespace", namespace: nsBeta });
    const listed = await ok<Budget[]>("cost.budgets.list", carol(), { clusterId });
    expect(listed.map((b) => b.id)).toEqual([budget.id]);
    expect(await ok<Budget[]>("cost.budgets.list", alice(), { clusterId })).toEqual([]);
    const gone = await h.call("cost.budgets.delete", alice(), {
      input: { clusterId, budgetId: budget.id },
      mutation: true,
    });
    expect(gone.status).toBe(404);
  });

  it("uses the cluster's OpenCost when set, labelled, filtered per tenant", async () => {
    await ok<CostConfig>("cost.config.set", alice(), { clusterId, opencostUrl: opencost.url }, true);
    const s = await ok<CostSummaryOutput>("cost.summary", alice(), { clusterId, period });
    expect(s.source).toBe("opencost");
    expect(s.totals.total).toBeCloseTo(0.8 + 0.16 + 0.4 + 0.08 + 0.02, 10);
    expect(s.idle?.total).toBeCloseTo(4 * 0.25, 10);
    const tenant = await ok<CostBreakdownOutput>("cost.breakdown", carol(), {
      clusterId,
      period,
      by: "workload",
    });
    expect(tenant.source).toBe("opencost");
    expect(tenant.rows.map((r) => r.key)).toEqual([`${nsBeta}/StatefulSet/db`]);
    expect(tenant.totals.total).toBeCloseTo(0.5, 10);
    const config = await ok<CostConfig>("cost.config.get", carol(), { clusterId });
    expect(config.source).toBe("opencost");
    expect(config.opencostUrl).toBeNull();
  });
});
