/**
 * npm run bench:alerts [-- --changes 40 --pods 1000 --workloads 20 --json FILE]
 *
 * The alerts engine (issue 16, "Speed"), on a fresh database, notify() and the Discord stand-in; the
 * cached objects are generated here in the API server's shapes (no cluster: the watch's own latency is
 * not in these numbers).
 * - Status change → DM: a pod's status turns into CrashLoopBackOff in the cached objects; the engine
 *   waits its ~300 ms debounce, observes, steps, saves, records and hands the message to notify(),
 *   whose delivery job posts the DM. Measured until the stand-in has the DM. Target: p99 <= 5 s.
 * - A storm: `--pods` pods of `--workloads` Deployments start crashing within one (simulated) minute,
 *   evaluated every simulated second, then ticked every minute for 15 minutes. Counted: alert and
 *   grouped messages per workload per 5-minute throttle window. Target: at most 1.
 * Prints a table; exits 0 either way.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  type AlertsState,
  diffObservations,
  fingerprint,
  type LooseObject,
  observe,
} from "@clustercord/alerts";
import { evaluateAlerts } from "@clustercord/api";
import { createJobRunner } from "@clustercord/jobs";
import { createNotifyService } from "@clustercord/notify";
import { createLogger } from "@clustercord/telemetry";
import { openTestDatabase } from "@clustercord/testenv";
import { startDiscordStandIn } from "@clustercord/testenv/discord";
import { benchLogger, loadAverage, machineLine, passFail, printReport, wholeNumber } from "./lib/report";
import { int, ms, sleep, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    changes: { type: "string", default: "40" },
    pods: { type: "string", default: "1000" },
    workloads: { type: "string", default: "20" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log("npm run bench:alerts -- [--changes 40] [--pods 1000] [--workloads 20] [--json FILE]");
  process.exit(0);
}
const changes = wholeNumber(flags, "changes", 1);
const podCount = wholeNumber(flags, "pods", 1);
const workloadCount = wholeNumber(flags, "workloads", 1);
const loadAtStart = loadAverage();
const log = benchLogger("alerts");
const ALICE = "100000000000000001";
const GUILD = "200000000000000001";
const DEBOUNCE_MS = 300;
const LATENCY_TARGET_MS = 5_000;
const MINUTE = 60_000;
const THROTTLE_MS = 5 * MINUTE;

// The delivery jobs log every DM: kept off the report.
const quiet = createLogger({ name: "bench-alerts", level: "silent" });
const [testDb, standIn] = await Promise.all([openTestDatabase(), startDiscordStandIn()]);
const prisma = testDb.db.prisma;
const notify = createNotifyService({
  prisma,
  discord: { apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token },
  smtp: null,
  publicUrl: "https://cc.example.test",
  log: quiet,
});
const runner = createJobRunner({ mode: "regular", log: quiet });
runner.register(notify.jobs.map((e) => e.job));
notify.attachRunner(runner);
await runner.start();
const deps = { prisma, notifications: notify };

async function clusterWithRule(name: string, severity: "CRITICAL" | "HIGH") {
  const cluster = await prisma.cluster.create({
    data: {
      guildId: GUILD,
      name,
      server: "https://127.0.0.1:1",
      credential: "x",
      keyId: "k1",
      createdBy: ALICE,
    },
  });
  const rule = await prisma.alertRule.create({
    data: {
      clusterId: cluster.id,
      guildId: GUILD,
      name,
      createdBy: ALICE,
      spec: {
        name,
        clusterId: cluster.id,
        type: "pod-crash",
        scope: { kind: "cluster" },
        severity,
        subscribers: [{ kind: "person", id: ALICE, via: ["dm"] }],
      },
    },
  });
  return { clusterId: cluster.id, ruleId: rule.id };
}

const rs = (namespace: string, deployment: string): LooseObject => ({
  metadata: {
    name: `${deployment}-7f9c`,
    namespace,
    ownerReferences: [{ kind: "Deployment", name: deployment, controller: true }],
  },
});
function pod(namespace: string, deployment: string, name: string, crashing: boolean): LooseObject {
  return {
    metadata: {
      name,
      namespace,
      ownerReferences: [{ kind: "ReplicaSet", name: `${deployment}-7f9c`, controller: true }],
    },
    spec: { containers: [{ name: "app", image: "ghcr.io/acme/app:1" }] },
    status: {
      phase: "Running",
      containerStatuses: [
        crashing
          ? {
              name: "app",
              restartCount: 3,
              state: { waiting: { reason: "CrashLoopBackOff" } },
              lastState: { terminated: { exitCode: 137, reason: "OOMKilled" } },
            }
          : { name: "app", restartCount: 0, state: { running: { startedAt: "2026-11-30T09:00:00Z" } } },
      ],
    },
  };
}

/** Observes the objects as they are when the evaluation runs (the engine's inputsFor). */
const observed =
  (clusterId: string, objects: { pods: LooseObject[]; replicaSets: LooseObject[] }) =>
  (state: AlertsState, config: Parameters<typeof diffObservations>[1]) =>
    diffObservations(state, config, observe(clusterId, objects));

// 1. Status change → DM.
log(`latency: ${changes} status changes`);
const latency = await clusterWithRule("latency", "CRITICAL");
const world = { pods: [] as LooseObject[], replicaSets: [] as LooseObject[] };
for (let i = 0; i < changes; i++) {
  world.replicaSets.push(rs("shop", `svc-${i}`));
  world.pods.push(pod("shop", `svc-${i}`, `svc-${i}-0`, false));
}
await evaluateAlerts(deps, latency.clusterId, observed(latency.clusterId, world));
const samples: number[] = [];
for (let i = 0; i < changes; i++) {
  const name = `svc-${i}-0`;
  const before = standIn.dms(ALICE).length;
  const t0 = performance.now();
  world.pods[i] = pod("shop", `svc-${i}`, name, true);
  // The watcher's debounce, then the evaluation job.
  await sleep(DEBOUNCE_MS);
  await evaluateAlerts(deps, latency.clusterId, observed(latency.clusterId, world));
  while (
    !standIn
      .dms(ALICE)
      .slice(before)
      .some((m) => JSON.stringify(m.embeds).includes(name))
  ) {
    if (performance.now() - t0 > 30_000) break;
    await sleep(5);
  }
  samples.push(performance.now() - t0);
}
const lat = summarize(samples);
log(`latency p50 ${ms(lat.p50)} p99 ${ms(lat.p99)}`);

// 2. A storm of crashes.
log(`storm: ${podCount} pods of ${workloadCount} Deployments crash within a minute`);
const storm = await clusterWithRule("storm", "HIGH");
const stormWorld = { pods: [] as LooseObject[], replicaSets: [] as LooseObject[] };
const workloadOf = new Map<string, string>();
for (let w = 0; w < workloadCount; w++) stormWorld.replicaSets.push(rs("shop", `api-${w}`));
for (let i = 0; i < podCount; i++) {
  const deployment = `api-${i % workloadCount}`;
  const name = `${deployment}-${i}`;
  stormWorld.pods.push(pod("shop", deployment, name, false));
  const resource = { cluster: storm.clusterId, kind: "Pod", namespace: "shop", name };
  workloadOf.set(fingerprint(storm.ruleId, resource), deployment);
}
// Monday 10:00 UTC: business hours, so HIGH goes at once.
const T0 = Date.parse("2026-11-30T10:00:00Z");
const dmsBefore = standIn.dms(ALICE).length;
const stepCpu: number[] = [];
const perSecond = Math.ceil(podCount / 60);
let evaluations = 0;
const timed = async (at: number) => {
  const cpu = process.cpuUsage();
  await evaluateAlerts(deps, storm.clusterId, observed(storm.clusterId, stormWorld), at);
  const used = process.cpuUsage(cpu);
  stepCpu.push((used.user + used.system) / 1000);
  evaluations++;
};
for (let s = 0; s < 60; s++) {
  for (let i = s * perSecond; i < Math.min(podCount, (s + 1) * perSecond); i++) {
    const p = stormWorld.pods[i] as LooseObject;
    const deployment = `api-${i % workloadCount}`;
    stormWorld.pods[i] = pod("shop", deployment, p.metadata?.name ?? "", true);
  }
  await timed(T0 + s * 1000);
}
for (let m = 1; m <= 15; m++) await timed(T0 + m * MINUTE);
const events = await prisma.alertEvent.findMany({ where: { clusterId: storm.clusterId } });
const perWindow = new Map<string, number>();
let alertMessages = 0;
for (const e of events) {
  if (e.kind !== "alert" && e.kind !== "grouped") continue;
  alertMessages++;
  const workloads = new Set((e.fingerprints as string[]).map((fp) => workloadOf.get(fp)));
  const window = Math.floor((e.at.getTime() - T0) / THROTTLE_MS);
  for (const w of workloads) {
    const key = `${w}@${window}`;
    perWindow.set(key, (perWindow.get(key) ?? 0) + 1);
  }
}
const worst = Math.max(0, ...perWindow.values());
// The DMs those messages became (delivered by the notify jobs).
const expected = alertMessages;
const until = performance.now() + 60_000;
while (standIn.dms(ALICE).length - dmsBefore < expected && performance.now() < until) await sleep(50);
const stormDms = standIn.dms(ALICE).length - dmsBefore;
const cpu = summarize(stepCpu);
log(`storm: ${alertMessages} messages, worst ${worst} per workload per window, ${stormDms} DMs`);

await runner.stop({ graceMs: 1_000 });
await notify.close();
await standIn.close();
await testDb.drop();

await printReport(
  [
    {
      what: `status change → DM through the stand-in (${changes} changes, 300 ms debounce included)`,
      measured: `p50 ${ms(lat.p50)}, p99 ${ms(lat.p99)}, max ${ms(lat.max)}`,
      target: `p99 <= ${ms(LATENCY_TARGET_MS)}`,
      result: passFail(lat.p99 <= LATENCY_TARGET_MS),
    },
    {
      what: `${int(podCount)} pods of ${workloadCount} Deployments crash within a minute: alert messages per workload per 5-min window`,
      measured: `at most ${worst} (${alertMessages} messages, ${stormDms} DMs, over 15 min)`,
      target: "<= 1",
      result: passFail(worst <= 1 && alertMessages > 0),
    },
    {
      what: `one evaluation during the storm (observe ${int(podCount)} pods, step, save, deliver), CPU`,
      measured: `p50 ${ms(cpu.p50)}, p95 ${ms(cpu.p95)}, max ${ms(cpu.max)} (${evaluations} evaluations)`,
      target: "",
      result: "",
    },
  ],
  [
    "No cluster: the cached objects are generated; the watch's own latency is not included.",
    machineLine(loadAtStart),
  ],
  { file: flags.json, data: { latency: lat, storm: { worst, alertMessages, stormDms }, cpu } },
);
process.exit(0);
