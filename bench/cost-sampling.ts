/**
 * npm run bench:cost [-- --pods 10000 --namespaces 200 --cycles 10 --interval 60 --json FILE]
 *
 * The cost sampler (issue 15, "Usage data"): one pass over `--pods` pods in
 * `--namespaces` namespaces — the objects are generated here in the shapes
 * the watch caches and metrics.k8s.io hold (Deployments' pods through their
 * ReplicaSets, StatefulSets with a PVC each, CronJobs' pods through Jobs,
 * bare pods) — joined by the pure buildSamples, rolled up, and written to a
 * fresh database on the machine's PostgreSQL (127.0.0.1:5432, one batched
 * insert and the hour's rewrite per pass, as the sampler does).
 * Measured: process CPU time (user + system) per cycle, pure part and whole
 * cycle, after one warm-up; and the bytes stored per day, from
 * pg_total_relation_size after the cycles (VACUUM FULL first: live rows),
 * extrapolated to a day of passes every `--interval` seconds.
 * Target: <= 1 s CPU per cycle. Prints a table; exits 0 either way.
 */
import { parseArgs } from "node:util";
import {
  buildSamples,
  clusterPass,
  type NodeLike,
  type OwnerRef,
  type PodLike,
  type PodMetricsLike,
  type PvcLike,
  rollupHour,
} from "@clustercord/cost";
import { insertCluster, writeUsagePass } from "@clustercord/db";
import { openTestDatabase } from "@clustercord/testenv";
import { benchLogger, loadAverage, machineLine, passFail, printReport, wholeNumber } from "./lib/report";
import { bytes, int, ms, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    pods: { type: "string", default: "10000" },
    namespaces: { type: "string", default: "200" },
    cycles: { type: "string", default: "10" },
    interval: { type: "string", default: "60" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(
    "npm run bench:cost -- [--pods 10000] [--namespaces 200] [--cycles 10] [--interval 60] [--json FILE]",
  );
  process.exit(0);
}
const podCount = wholeNumber(flags, "pods", 1);
const namespaceCount = wholeNumber(flags, "namespaces", 1);
const cycles = wholeNumber(flags, "cycles", 1);
const interval = wholeNumber(flags, "interval", 1);
const loadAtStart = loadAverage();
const log = benchLogger("cost-sampling");
const TARGET_MS = 1000;
const ALICE = "100000000000000001";
const GUILD = "200000000000000001";

const kinds = ["Deployment", "Deployment", "StatefulSet", "CronJob", "Pod"] as const;
const ref = (kind: string, name: string): OwnerRef[] => [{ kind, name, controller: true }];

/** The caches' and metrics.k8s.io's contents for `pods` pods. */
function generate() {
  const pods: PodLike[] = [];
  const metrics: PodMetricsLike[] = [];
  const pvcs: PvcLike[] = [];
  const replicaSets = new Map<string, OwnerRef | null>();
  const jobs = new Map<string, OwnerRef | null>();
  let workloads = 0;
  for (let made = 0, i = 0; made < podCount; i++) {
    const kind = kinds[i % kinds.length] as (typeof kinds)[number];
    const namespace = `team-${i % namespaceCount}`;
    const name = `app-${i}`;
    const replicas = kind === "Pod" ? 1 : Math.min(1 + (i % 8), podCount - made);
    workloads++;
    let owner: OwnerRef[] | undefined;
    if (kind === "Deployment") {
      replicaSets.set(`${namespace}/${name}-7f9c`, { kind: "Deployment", name, controller: true });
      owner = ref("ReplicaSet", `${name}-7f9c`);
    } else if (kind === "CronJob") {
      jobs.set(`${namespace}/${name}-29001`, { kind: "CronJob", name, controller: true });
      owner = ref("Job", `${name}-29001`);
    } else if (kind === "StatefulSet") owner = ref("StatefulSet", name);
    for (let r = 0; r < replicas; r++, made++) {
      const podName = `${name}-${r}`;
      const claim = kind === "StatefulSet" ? `data-${podName}` : undefined;
      if (claim)
        pvcs.push({ metadata: { name: claim, namespace }, status: { capacity: { storage: "10Gi" } } });
      pods.push({
        metadata: {
          name: podName,
          namespace,
          ...(owner ? { ownerReferences: owner } : {}),
          labels: { app: name, ...(i % 3 === 0 ? { "clustercord.io/created-by": ALICE } : {}) },
        },
        spec: {
          containers: [
            { resources: { requests: { cpu: "100m", memory: "128Mi" } } },
            { resources: { requests: { cpu: "50m", memory: "64Mi" } } },
          ],
          ...(claim ? { volumes: [{ persistentVolumeClaim: { claimName: claim } }] } : {}),
        },
        status: { phase: "Running" },
      });
      metrics.push({
        metadata: { name: podName, namespace },
        containers: [
          { usage: { cpu: `${(i * 7 + r) % 300}m`, memory: `${100 + ((i + r) % 200)}Mi` } },
          { usage: { cpu: `${123456 + r}n`, memory: "40Mi" } },
        ],
      });
    }
  }
  const nodes: NodeLike[] = Array.from({ length: Math.ceil(podCount / 100) }, () => ({
    status: { capacity: { cpu: "16", memory: "64Gi" } },
  }));
  return { pods, metrics, pvcs, replicaSets, jobs, nodes, workloads };
}

const cpuMs = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

const world = generate();
log(`${int(world.pods.length)} pods, ${int(world.workloads)} workloads, ${int(world.pvcs.length)} PVCs`);
const testDb = await openTestDatabase("postgres");
const { prisma } = testDb.db;
try {
  const cluster = await insertCluster(prisma, {
    id: "bench-cost",
    guildId: GUILD,
    name: "bench",
    server: "https://127.0.0.1:6443",
    shared: false,
    insecure: false,
    credential: "sealed",
    keyId: "k1",
    createdBy: ALICE,
  } as never);
  // Every pass in one hour: the hour's rewrite grows to its full size.
  const hourStart = Date.UTC(2026, 10, 30, 10);
  const pure: number[] = [];
  const whole: number[] = [];
  const wall: number[] = [];
  let rows = 0;
  for (let c = 0; c <= cycles; c++) {
    const at = new Date(hourStart + c * interval * 1000);
    const t0 = process.cpuUsage();
    const w0 = performance.now();
    const samples = buildSamples({
      pods: world.pods,
      podMetrics: world.metrics,
      pvcs: world.pvcs,
      replicaSets: world.replicaSets,
      jobs: world.jobs,
      namespaceOwner: () => ({ guildId: GUILD }),
      at,
      seconds: interval,
    });
    const pass = clusterPass(world.nodes, samples, at, interval);
    rollupHour(samples);
    const pureMs = cpuMs(t0);
    await writeUsagePass(prisma, cluster.id, { samples, cluster: pass });
    // The first cycle warms up (JIT, connections).
    if (c > 0) {
      pure.push(pureMs);
      whole.push(cpuMs(t0));
      wall.push(performance.now() - w0);
    }
    rows = samples.length;
    log(`cycle ${c}: ${int(samples.length)} rows, ${ms(cpuMs(t0))} CPU`);
  }
  await prisma.$executeRawUnsafe(`VACUUM FULL "UsageSample", "UsageHour", "ClusterHour"`);
  const size = async (table: string) => {
    const [row] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT pg_total_relation_size('"${table}"') AS n`,
    );
    return Number(row?.n ?? 0);
  };
  const sampleBytes = await size("UsageSample");
  const hourBytes = (await size("UsageHour")) + (await size("ClusterHour"));
  const passesPerDay = 86_400 / interval;
  // cycles + 1 passes stored (the warm-up too); the hour tables hold one hour.
  const samplesPerDay = (sampleBytes / (cycles + 1)) * passesPerDay;
  const hoursPerDay = hourBytes * 24;
  const p = summarize(pure);
  const w = summarize(whole);
  const clock = summarize(wall);
  await printReport(
    [
      {
        what: `sampling cycle, ${int(podCount)} pods in ${int(namespaceCount)} namespaces -> ${int(rows)} rows: buildSamples + rollup (median / max CPU)`,
        measured: `${ms(p.p50)} / ${ms(p.max)}`,
        target: "",
        result: "",
      },
      {
        what: "whole cycle incl. the batched write to PostgreSQL (median / max CPU of this process)",
        measured: `${ms(w.p50)} / ${ms(w.max)}`,
        target: `<= ${TARGET_MS} ms`,
        result: passFail(w.max <= TARGET_MS),
      },
      {
        what: "whole cycle, wall clock (median / max)",
        measured: `${ms(clock.p50)} / ${ms(clock.max)}`,
        target: "",
        result: "",
      },
      {
        what: `bytes stored per day at one pass every ${interval} s: raw samples (kept 48 h)`,
        measured: bytes(samplesPerDay),
        target: "",
        result: "",
      },
      {
        what: "bytes stored per day: hourly rollups (kept 400 days)",
        measured: bytes(hoursPerDay),
        target: "",
        result: "",
      },
    ],
    [
      `${int(world.workloads)} workloads, ${int(world.pvcs.length)} PVCs, ${world.nodes.length} nodes; ${cycles} cycles after 1 warm-up, all in one hour.`,
      `Steady state for this cluster: ${bytes(samplesPerDay * 2)} of samples + ${bytes(hoursPerDay * 400)} of hours after 400 days (pg_total_relation_size after VACUUM FULL: tables and indexes).`,
      machineLine(loadAtStart),
    ],
    { file: flags.json, data: { pure, whole, wall, sampleBytes, hourBytes } },
  );
} finally {
  await testDb.drop();
}
