/**
 * bash scripts/run.sh bench cost-queries [--days 90 --namespaces 200 --workloads 10 --runs 20 --json FILE]
 *
 * Cost reads on PostgreSQL (127.0.0.1:5432, a database of its own, dropped
 * after): `--days` of hourly rollups for `--namespaces` × `--workloads`
 * (90 × 200 × 10 = 4.32 M rows by default, generated in the database), then
 *  - cost.summary and cost.breakdown (by namespace, by workload) over the
 *    last 30 days and today so far, through the services' query path (summaryOf/breakdownOf:
 *    what runs after the access check), as the owner's admin (every
 *    namespace, with idle) and as a tenant reading 20 namespaces:
 *    p50/p95 over `--runs` after two warm-ups; target p95 <= 200 ms;
 *  - cost.export of the whole `--days`: rows/s and peak memory (RSS and heap
 *    above the start, sampled every 5 ms while it runs).
 * Prints a Markdown table; exits 0 either way.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { CostBreakdownInput } from "@clustercord/contracts";
import { openDatabase, rollClosedDays } from "@clustercord/db";
import { createTestDatabase } from "@clustercord/testenv";
import { breakdownOf, type CostScope, exportOf, summaryOf } from "../packages/api/src/services/cost";
import {
  benchLogger,
  loadAverage,
  machineLine,
  passFail,
  printReport,
  type Row,
  wholeNumber,
} from "./lib/report";
import { bytes, int, ms, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    days: { type: "string", default: "90" },
    namespaces: { type: "string", default: "200" },
    workloads: { type: "string", default: "10" },
    runs: { type: "string", default: "20" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(
    "bash scripts/run.sh bench cost-queries [--days 90] [--namespaces 200] [--workloads 10] [--runs 20] [--json FILE]",
  );
  process.exit(0);
}
const days = wholeNumber(flags, "days", 30);
const namespaceCount = wholeNumber(flags, "namespaces", 20);
const workloads = wholeNumber(flags, "workloads", 1);
const runs = wholeNumber(flags, "runs", 1);
const loadAtStart = loadAverage();
const log = benchLogger("cost-queries");
const TARGET_MS = 200;
const HOUR = 3_600_000;

const testDb = await createTestDatabase("postgres");
const db = await openDatabase({ url: testDb.url });
const prisma = db.prisma;
const rows: Row[] = [];
try {
  const now = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  const start = new Date(now.getTime() - days * 24 * HOUR);
  const cluster = await prisma.cluster.create({
    data: {
      guildId: "200000000000000001",
      name: "bench",
      server: "https://127.0.0.1:1",
      credential: "x",
      keyId: "k1",
      createdBy: "100000000000000001",
    },
  });
  log(`seeding ${int(days * 24 * namespaceCount * workloads)} UsageHour rows`);
  const t0 = performance.now();
  // Generated in PostgreSQL: a day at a time keeps each statement's memory small.
  for (let d = 0; d < days; d++) {
    const from = new Date(start.getTime() + d * 24 * HOUR);
    const to = new Date(from.getTime() + 23 * HOUR);
    await prisma.$executeRaw`
      INSERT INTO "UsageHour" ("clusterId", "hour", "namespace", "workload", "personId", "attribution", "guildId",
        "pods", "cpuCoreHours", "memGbHours", "storageGbHours", "cpuUsageCoreHours", "cpuRequestCoreHours",
        "memUsageGbHours", "memRequestGbHours", "sampledSeconds")
      SELECT ${cluster.id}, h, 'ns-' || n, 'Deployment/w' || w,
        CASE WHEN n % 4 = 0 THEN (100000000000000000 + n)::text END,
        CASE WHEN n % 4 = 0 THEN 'created-by' ELSE 'guild' END, '200000000000000001',
        2, 0.25 + (w % 4) * 0.25, 0.5 + n % 8, CASE WHEN w = 0 THEN 10 ELSE 0 END,
        0.2, 0.25, 0.5, 0.5, 3600
      FROM generate_series(${from}::timestamp, ${to}::timestamp, interval '1 hour') AS h,
        generate_series(0, ${namespaceCount - 1}) AS n, generate_series(0, ${workloads - 1}) AS w`;
  }
  await prisma.$executeRaw`
    INSERT INTO "ClusterHour" ("clusterId", "hour", "nodes", "cpuCapacityCoreHours", "memCapacityGbHours",
      "cpuAllocatedCoreHours", "memAllocatedGbHours", "sampledSeconds")
    SELECT ${cluster.id}, h, 50, 4000, 16000, 1000, 9000, 3600
    FROM generate_series(${start}::timestamp, ${new Date(now.getTime() - HOUR)}::timestamp, interval '1 hour') AS h`;
  // A price change ten days ago: every query prices two segments.
  await prisma.costPrice.create({
    data: {
      clusterId: cluster.id,
      effectiveFrom: new Date(now.getTime() - 10 * 24 * HOUR),
      cpuPerCoreHour: 0.04,
      memoryPerGbHour: 0.008,
      storagePerGbMonth: 0.12,
      currency: "USD",
      setBy: "100000000000000001",
    },
  });
  await prisma.$executeRawUnsafe(`ANALYZE "UsageHour"`);
  log(`seeded in ${ms(performance.now() - t0)}`);

  // Closed days are summed into UsageDay once (the first read does it); timed here on its own.
  const tRoll = performance.now();
  const rolled = await rollClosedDays(prisma, cluster.id, start, now, now);
  const rollSeconds = (performance.now() - tRoll) / 1000;
  log(`rolled ${rolled} days in ${rollSeconds.toFixed(1)} s`);
  rows.push({
    what: `daily sums written once per closed day (${rolled} days, first read after they close)`,
    measured: `${ms((rollSeconds * 1000) / Math.max(1, rolled))} per day`,
    target: "",
    result: "",
  });

  const owner: CostScope = { cluster: { id: cluster.id }, ownerAdmin: true, namespaces: null };
  const tenant: CostScope = {
    cluster: { id: cluster.id },
    ownerAdmin: false,
    namespaces: Array.from({ length: 20 }, (_, i) => `ns-${i * 7}`),
  };
  // The last 30 whole days and today so far, as the dashboard asks (a period starting mid-day adds its first day's hours).
  const today = Math.floor(now.getTime() / (24 * HOUR)) * 24 * HOUR;
  const period = {
    kind: "custom" as const,
    from: new Date(today - 30 * 24 * HOUR).toISOString(),
    to: now.toISOString(),
  };
  const deps = { prisma, directory: undefined as never };

  async function timed(what: string, run: () => Promise<unknown>) {
    for (let i = 0; i < 2; i++) await run();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await run();
      samples.push(performance.now() - t);
    }
    const s = summarize(samples);
    log(`${what}: p50 ${ms(s.p50)} p95 ${ms(s.p95)}`);
    rows.push({
      what: `${what}: p50 / p95 (${runs} runs)`,
      measured: `${ms(s.p50)} / ${ms(s.p95)}`,
      target: `p95 <= ${TARGET_MS} ms`,
      result: passFail(s.p95 <= TARGET_MS),
    });
  }

  const scale = `30 days × ${namespaceCount} namespaces × ${workloads} workloads`;
  await timed(`cost.summary, owner's admin, ${scale}`, () =>
    summaryOf(deps, owner, { clusterId: cluster.id, period }, now),
  );
  await timed("cost.summary, tenant (20 namespaces)", () =>
    summaryOf(deps, tenant, { clusterId: cluster.id, period }, now),
  );
  for (const by of ["namespace", "workload"] as const) {
    const input: CostBreakdownInput = { clusterId: cluster.id, period, by, limit: 50 };
    await timed(`cost.breakdown by ${by}, owner's admin`, () => breakdownOf(deps, owner, input, now));
  }
  await timed("cost.breakdown by workload, tenant (20 namespaces)", () =>
    breakdownOf(deps, tenant, { clusterId: cluster.id, period, by: "workload", limit: 50 }, now),
  );

  // Export of the whole period: memory above the start, sampled while it runs.
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 5);
  const t = performance.now();
  const out = await exportOf(
    deps,
    owner,
    { clusterId: cluster.id, period: { kind: "custom", from: start.toISOString(), to: now.toISOString() } },
    now,
    "bench",
  );
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  log(`export: ${int(out.rows)} rows, ${bytes(out.bytes)} in ${seconds.toFixed(2)} s`);
  rows.push({
    what: `cost.export ${days} days (${int(out.rows)} rows, ${bytes(out.bytes)} CSV): rows/s`,
    measured: `${int(Math.round(out.rows / seconds))} rows/s (${seconds.toFixed(1)} s)`,
    target: "",
    result: "",
  });
  rows.push({
    what: `cost.export ${days} days: peak memory above start (RSS / heap)`,
    measured: `${bytes(peakRss - base.rss)} / ${bytes(peakHeap - base.heapUsed)}`,
    target: "bounded by the output (CSV + base64)",
    result: "",
  });
} finally {
  await db.close();
  await testDb.drop();
}
await printReport(
  rows,
  [
    `PostgreSQL at 127.0.0.1:5432, ${int(days * 24 * namespaceCount * workloads)} UsageHour rows; one price change in the period.`,
    machineLine(loadAtStart),
  ],
  { file: flags.json, data: {} },
);
