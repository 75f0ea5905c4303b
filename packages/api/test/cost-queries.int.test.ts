/**
 * Cost sums on a real database (PGlite), priced by hand: a price change in
 * the middle of the period applies from its time on only; idle is capacity
 * nobody requested; the CSV's bytes are known; gaps come back as gaps.
 * OpenCost through the guard, against the stand-in with its real shape.
 */
import { localChartPolicy, openTestDatabase } from "@clustercord/testenv";
import { type OpenCostStandIn, startOpenCostStandIn } from "@clustercord/testenv/opencost";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHelmDeps } from "../src/index";
import { costCsvFor } from "../src/services/cost";
import { checkOpencostUrl, fetchAllocations } from "../src/services/cost-opencost";
import {
  idleAmounts,
  loadPrices,
  planDays,
  pricedGroups,
  pricedHours,
  totalOf,
} from "../src/services/cost-spend";

const ALICE = "100000000000000001";
const ACME = "200000000000000001";
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-10T00:00:00Z");
const at = (h: number) => new Date(T0 + h * HOUR);

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let clusterId: string;
let opencost: OpenCostStandIn;

function usage(
  h: number,
  namespace: string,
  workload: string,
  q: { cpu: number; mem: number; storage: number },
) {
  return {
    clusterId,
    hour: at(h),
    namespace,
    workload,
    personId: namespace === "alice-ns" ? ALICE : null,
    attribution: namespace === "alice-ns" ? "personal-namespace" : "guild",
    guildId: ACME,
    pods: 2,
    cpuCoreHours: q.cpu,
    memGbHours: q.mem,
    storageGbHours: q.storage,
    cpuUsageCoreHours: q.cpu / 2,
    cpuRequestCoreHours: q.cpu,
    memUsageGbHours: q.mem,
    memRequestGbHours: q.mem,
    sampledSeconds: 3600,
  };
}

beforeAll(async () => {
  testDb = await openTestDatabase();
  const prisma = testDb.db.prisma;
  clusterId = (
    await prisma.cluster.create({
      data: {
        guildId: ACME,
        name: "prod",
        server: "https://127.0.0.1:1",
        credential: "x",
        keyId: "k1",
        createdBy: ALICE,
      },
    })
  ).id;
  const rows = [];
  // 4 hours: shop/web 2 cores, 4 GiB, 73 GiB of PVC; alice-ns/api 1 core, 2 GiB.
  for (let h = 0; h < 4; h++) {
    rows.push(usage(h, "shop", "Deployment/web", { cpu: 2, mem: 4, storage: 73 }));
    rows.push(usage(h, "alice-ns", "Deployment/api", { cpu: 1, mem: 2, storage: 0 }));
  }
  await prisma.usageHour.createMany({ data: rows });
  await prisma.clusterHour.createMany({
    data: [0, 1, 2, 3].map((h) => ({
      clusterId,
      hour: at(h),
      nodes: 1,
      cpuCapacityCoreHours: 8,
      memCapacityGbHours: 16,
      cpuAllocatedCoreHours: 3,
      memAllocatedGbHours: 6,
      sampledSeconds: 3600,
    })),
  });
  // From hour 2 on CPU costs 0.10 (the first two hours keep the default 0.05).
  await prisma.costPrice.create({
    data: {
      clusterId,
      effectiveFrom: at(2),
      cpuPerCoreHour: 0.1,
      memoryPerGbHour: 0.01,
      storagePerGbMonth: 0.1,
      currency: "USD",
      setBy: ALICE,
    },
  });
  await prisma.usageGap.create({
    data: { clusterId, from: at(4), to: at(6), reason: "metrics.k8s.io unavailable" },
  });
  opencost = await startOpenCostStandIn({
    allocations: [
      {
        namespace: "shop",
        controllerKind: "deployment",
        controller: "web",
        start: "2026-11-10T00:00:00Z",
        end: "2026-11-12T00:00:00Z",
        cpuCoreHours: 96,
        cpuCost: 3,
        ramByteHours: 48 * 1024 ** 3,
        ramCost: 1,
        pvByteHours: 0,
        pvCost: 0.5,
      },
    ],
    idlePerHour: { cpuCost: 0.1, ramCost: 0.05 },
  });
});

afterAll(async () => {
  await opencost?.close();
  await testDb?.drop();
});

const span = () => ({ from: at(0), to: at(4) });
const filter = (namespaces: string[] | null) => ({ clusterId, ...span(), namespaces });

describe("priced sums", () => {
  it("price each hour with the prices of its time, never retroactively", async () => {
    const prisma = testDb.db.prisma;
    const history = await loadPrices(prisma, clusterId);
    const total = totalOf(await pricedHours(prisma, filter(null), history));
    // CPU: 3 cores × 2 h × 0.05 + 3 × 2 × 0.10 = 0.30 + 0.60; memory 6 GiB × 4 h × 0.01 = 0.24;
    // storage 73 × 4 = 292 GiB-hours × 0.10 / 730 = 0.04.
    expect(total.cpuCost).toBeCloseTo(0.9, 10);
    expect(total.memoryCost).toBeCloseTo(0.24, 10);
    expect(total.storageCost).toBeCloseTo(0.04, 10);
    expect(total.total).toBeCloseTo(1.18, 10);

    const byNamespace = await pricedGroups(
      prisma,
      filter(null),
      "namespace",
      history,
      (r) => r.namespace ?? "",
    );
    // shop: 2 × 2 × 0.05 + 2 × 2 × 0.10 + 16 × 0.01 + 0.04 = 0.20 + 0.40 + 0.16 + 0.04
    expect(byNamespace.get("shop")?.amounts.total).toBeCloseTo(0.8, 10);
    // alice-ns: 0.10 + 0.20 + 0.08
    expect(byNamespace.get("alice-ns")?.amounts.total).toBeCloseTo(0.38, 10);

    const byPerson = await pricedGroups(
      prisma,
      filter(null),
      "person",
      history,
      (r) => r.personId ?? "other",
    );
    expect(byPerson.get(ALICE)?.row.attribution).toBe("personal-namespace");
    expect(byPerson.get(ALICE)?.amounts.total).toBeCloseTo(0.38, 10);
  });

  it("sum only the namespaces given; an empty list sums nothing", async () => {
    const prisma = testDb.db.prisma;
    const history = await loadPrices(prisma, clusterId);
    expect(totalOf(await pricedHours(prisma, filter(["alice-ns"]), history)).total).toBeCloseTo(0.38, 10);
    expect(await pricedHours(prisma, filter([]), history)).toEqual([]);
  });

  it("idle is capacity nobody requested, priced per hour", async () => {
    const prisma = testDb.db.prisma;
    const idle = await idleAmounts(prisma, clusterId, at(0), at(4), await loadPrices(prisma, clusterId));
    // 5 idle cores × (2 × 0.05 + 2 × 0.10) = 1.50; 10 GiB × 4 h × 0.01 = 0.40
    expect(idle.cpuCoreHours).toBe(20);
    expect(idle.cpuCost).toBeCloseTo(1.5, 10);
    expect(idle.memoryCost).toBeCloseTo(0.4, 10);
  });
});

describe("daily sums", () => {
  it("read a closed day from its daily sums with the same result as its hours; a day with a price change stays on hours", async () => {
    const prisma = testDb.db.prisma;
    // Day 3 (2026-11-12): 24 hours of one core and 2 GiB in "batch".
    await prisma.usageHour.createMany({
      data: Array.from({ length: 24 }, (_, h) =>
        usage(48 + h, "batch", "Job/nightly", { cpu: 1, mem: 2, storage: 0 }),
      ),
    });
    const history = await loadPrices(prisma, clusterId);
    const now = new Date("2026-11-20T00:00:00Z");
    const span = { from: at(0), to: at(72) };
    const days = await planDays(prisma, clusterId, span, history, now);
    // Day 1 has the price change at 02:00 inside it: hours. Days 2 and 3 are whole and rolled.
    expect(days).toEqual([{ from: at(24), to: at(72) }]);
    expect(await prisma.usageDay.count({ where: { clusterId, namespace: "batch" } })).toBe(1);
    const viaDays = totalOf(
      await pricedHours(prisma, { clusterId, ...span, namespaces: null, days }, history),
    );
    const viaHours = totalOf(await pricedHours(prisma, { clusterId, ...span, namespaces: null }, history));
    // Hand: 1.18 (day 1) + 24 × (1 × 0.10 + 2 × 0.01) = 1.18 + 2.88
    expect(viaDays.total).toBeCloseTo(4.06, 10);
    expect(viaHours.total).toBeCloseTo(4.06, 10);
    // Rolled once: a second reader writes nothing more.
    await planDays(prisma, clusterId, span, history, now);
    expect(await prisma.usageDay.count({ where: { clusterId, namespace: "batch" } })).toBe(1);
    await prisma.usageHour.deleteMany({ where: { clusterId, namespace: "batch" } });
  });
});

describe("CSV export", () => {
  it("one row per day and resource, the day's price segments merged, the same bytes every time", async () => {
    const prisma = testDb.db.prisma;
    const history = await loadPrices(prisma, clusterId);
    const first = await costCsvFor(
      { prisma },
      { cluster: { id: clusterId }, namespaces: null },
      span(),
      history,
    );
    expect(first.rows).toBe(2);
    expect(first.csv).toBe(
      "day,namespace,workload,cpu_core_hours,memory_gib_hours,storage_gib_hours,cpu_cost,memory_cost,storage_cost,total_cost,currency\r\n" +
        "2026-11-10,alice-ns,Deployment/api,4.0000,8.0000,0.0000,0.300000,0.080000,0.000000,0.380000,USD\r\n" +
        "2026-11-10,shop,Deployment/web,8.0000,16.0000,292.0000,0.600000,0.160000,0.040000,0.800000,USD\r\n",
    );
    const again = await costCsvFor(
      { prisma },
      { cluster: { id: clusterId }, namespaces: null },
      span(),
      history,
    );
    expect(again.csv).toBe(first.csv);
    const tenant = await costCsvFor(
      { prisma },
      { cluster: { id: clusterId }, namespaces: ["shop"] },
      span(),
      history,
    );
    expect(tenant.csv).not.toContain("alice-ns");
  });
});

describe("OpenCost", () => {
  const deps = {
    helm: createHelmDeps({ binary: "helm", artifactHubUrl: "http://127.0.0.1:9", policy: localChartPolicy }),
  };

  it("reads allocations in OpenCost's shape through the guard, per day", async () => {
    const sets = await fetchAllocations(deps, opencost.url, {
      from: new Date("2026-11-10T00:00:00Z"),
      to: new Date("2026-11-12T00:00:00Z"),
      aggregate: "namespace,controller",
      step: "1d",
      idle: true,
    });
    expect(opencost.requests.at(-1)).toBe(
      "/allocation/compute?window=2026-11-10T00%3A00%3A00Z%2C2026-11-12T00%3A00%3A00Z&aggregate=namespace%2Ccontroller&accumulate=false&includeIdle=true&step=1d",
    );
    expect(sets).toHaveLength(2);
    const web = sets[0]?.find((a) => a.workload === "Deployment/web");
    expect(web?.namespace).toBe("shop");
    expect(web?.amounts.cpuCost).toBeCloseTo(1.5, 10);
    expect(web?.amounts.memoryGbHours).toBeCloseTo(24, 10);
    expect(web?.amounts.total).toBeCloseTo(2.25, 10);
    expect(sets[0]?.find((a) => a.name === "__idle__")?.amounts.total).toBeCloseTo(24 * 0.15, 10);
  });

  it("refuses internal addresses unless allowed, and never follows a redirect", async () => {
    // Without an operator's allowance (no chart guard configured): public addresses only.
    expect(() => checkOpencostUrl({}, opencost.url.replace("http:", "https:"))).toThrow(
      /refused: 127\.0\.0\.1 is a loopback address/,
    );
    expect(() => checkOpencostUrl({}, "https://10.0.0.7:9003")).toThrow(/refused: .*private/);
    expect(() => checkOpencostUrl({}, opencost.url)).toThrow(/refused: plain http/);
    expect(() => checkOpencostUrl({}, "https://user:pw@opencost.example.com")).toThrow(
      /user name or password/,
    );
    expect(checkOpencostUrl(deps, `${opencost.url}/`)).toBe(opencost.url);
    opencost.redirectTo = "http://127.0.0.1:9/internal";
    try {
      await expect(
        fetchAllocations(deps, opencost.url, { from: at(0), to: at(4), aggregate: "namespace" }),
      ).rejects.toThrow(/redirect/);
    } finally {
      opencost.redirectTo = null;
    }
    opencost.failWith = 500;
    try {
      await expect(
        fetchAllocations(deps, opencost.url, { from: at(0), to: at(4), aggregate: "namespace" }),
      ).rejects.toThrow(/answered HTTP 500/);
    } finally {
      opencost.failWith = null;
    }
  });
});
