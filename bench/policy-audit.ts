/**
 * npm run bench:policy [-- --pods 10000 --passes 10 --json FILE]
 *
 * The background policy audit (issue 14): one full pass of the seven
 * policies' TS rules over the owners of `--pods` pods, and the reconcile of
 * that pass into the stored violations. Pure CPU, no cluster: the objects are
 * generated here in the shapes the watch caches hold (Deployments with their
 * ReplicaSets, StatefulSets, DaemonSets, CronJobs with their Jobs, bare Pods,
 * and every pod itself with its controller reference, which the audit skips).
 * About half the workloads break one or more policies. Measured as process
 * CPU time (user + system) per pass after two warm-up passes.
 * Target: <= 500 ms CPU per full pass. Prints a table; exits 0 either way.
 */
import { parseArgs } from "node:util";
import { auditObjects, type KubeObject, policies, reconcileViolations } from "@clustercord/policy";
import { loadAverage, machineLine, passFail, printReport, type Row, wholeNumber } from "./lib/report";
import { int, ms, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    pods: { type: "string", default: "10000" },
    passes: { type: "string", default: "10" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log("npm run bench:policy -- [--pods 10000] [--passes 10] [--json FILE]");
  process.exit(0);
}
const podCount = wholeNumber(flags, "pods", 1);
const passes = wholeNumber(flags, "passes", 1);
const loadAtStart = loadAverage();
const TARGET_MS = 500;

/** A container that breaks the policies `bad` picks (deterministic per index). */
function container(i: number, bad: number): Record<string, unknown> {
  return {
    name: `c${i}`,
    image: bad & 1 ? "ghcr.io/acme/app:latest" : `ghcr.io/acme/app:1.${i % 40}.0`,
    ports: [{ name: "http", containerPort: 8080 }],
    ...(bad & 2
      ? {}
      : { resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m" } } }),
    ...(bad & 4 ? {} : { livenessProbe: { httpGet: { path: "/healthz", port: "http" } } }),
    readinessProbe: { httpGet: { path: "/ready", port: "http" } },
    securityContext: {
      ...(bad & 8 ? { privileged: true } : { allowPrivilegeEscalation: false }),
      ...(bad & 16 ? {} : { readOnlyRootFilesystem: true }),
      ...(bad & 32 ? { runAsUser: 0 } : { runAsNonRoot: true }),
    },
  };
}

function podSpec(i: number) {
  // Half the workloads comply; the rest break a pseudo-random mix.
  const bad = i % 2 === 0 ? 0 : (i * 2654435761) % 64;
  const containers = Array.from({ length: 1 + (i % 3) }, (_, k) => container(k, k === 0 ? bad : 0));
  return { hostNetwork: (bad & 48) === 48, containers };
}

const kinds = ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Pod"] as const;

/** The watch caches' contents for `pods` pods: owners plus the pods (and ReplicaSets/Jobs) they made. */
function generate(pods: number, maxReplicas: number): { objects: KubeObject[]; owners: number } {
  const objects: KubeObject[] = [];
  let owners = 0;
  for (let made = 0, i = 0; made < pods; i++) {
    const kind = kinds[i % kinds.length] as (typeof kinds)[number];
    const namespace = `team-${i % 200}`;
    const name = `app-${i}`;
    const replicas = kind === "Pod" ? 1 : Math.min(1 + (i % maxReplicas), pods - made);
    const spec = podSpec(i);
    const template = { metadata: { labels: { app: name } }, spec };
    const meta = { name, namespace, uid: `uid-${i}`, labels: { "app.kubernetes.io/name": name } };
    const own = (k: string, n: string) => [{ apiVersion: "apps/v1", kind: k, name: n, controller: true }];
    owners++;
    if (kind === "Pod") {
      objects.push({ apiVersion: "v1", kind, metadata: meta, spec });
      made++;
      continue;
    }
    if (kind === "CronJob") {
      objects.push({
        apiVersion: "batch/v1",
        kind,
        metadata: meta,
        spec: { schedule: "0 * * * *", jobTemplate: { spec: { template } } },
      });
      objects.push({
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: `${name}-1`, namespace, ownerReferences: own("CronJob", name) },
        spec: { template },
      });
    } else {
      objects.push({ apiVersion: "apps/v1", kind, metadata: meta, spec: { replicas, template } });
      if (kind === "Deployment")
        objects.push({
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: { name: `${name}-7f9c`, namespace, ownerReferences: own("Deployment", name) },
          spec: { replicas, template },
        });
    }
    const podOwner =
      kind === "Deployment"
        ? ["ReplicaSet", `${name}-7f9c`]
        : kind === "CronJob"
          ? ["Job", `${name}-1`]
          : [kind, name];
    for (let r = 0; r < replicas; r++, made++)
      objects.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: `${name}-${r}`,
          namespace,
          ownerReferences: own(podOwner[0] as string, podOwner[1] as string),
        },
        spec,
      });
  }
  return { objects, owners };
}

const cpuMs = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

const enabled = policies.map((p) => p.key);

/** Median and max CPU of `passes` audit passes (after two warm-ups), and the reconcile of each. */
function measure(objects: KubeObject[]) {
  const auditSamples: number[] = [];
  const reconcileSamples: number[] = [];
  let violations = auditObjects(objects, enabled);
  let stored = reconcileViolations([], violations, new Date()).violations;
  violations = auditObjects(objects, enabled);
  for (let pass = 0; pass < passes; pass++) {
    const t0 = process.cpuUsage();
    violations = auditObjects(objects, enabled);
    auditSamples.push(cpuMs(t0));
    const t1 = process.cpuUsage();
    stored = reconcileViolations(stored, violations, new Date()).violations;
    reconcileSamples.push(cpuMs(t1));
  }
  return {
    audit: summarize(auditSamples),
    reconcile: summarize(reconcileSamples),
    violations: violations.length,
    auditSamples,
  };
}

const rows: Row[] = [];
const context: string[] = [];
const samples: Record<string, number[]> = {};
for (const [label, maxReplicas] of [
  ["1-4 replicas per owner", 4],
  ["one owner per pod (worst case)", 1],
] as const) {
  const { objects, owners } = generate(podCount, maxReplicas);
  const m = measure(objects);
  samples[label] = m.auditSamples;
  rows.push(
    {
      what: `audit pass, ${label}: ${int(owners)} owners of ${int(podCount)} pods x ${enabled.length} policies (median / max CPU)`,
      measured: `${ms(m.audit.p50)} / ${ms(m.audit.max)}`,
      target: `<= ${TARGET_MS} ms`,
      result: passFail(m.audit.max <= TARGET_MS),
    },
    {
      what: `reconcile ${int(m.violations)} violations into the stored set (median CPU)`,
      measured: ms(m.reconcile.p50),
      target: "",
      result: "",
    },
  );
  context.push(`${label}: ${int(objects.length)} objects in the caches.`);
}
await printReport(
  rows,
  [
    ...context,
    `Pods, ReplicaSets and Jobs with a controller are skipped (their owners are audited); ${passes} passes after 2 warm-ups.`,
    machineLine(loadAtStart),
  ],
  { file: flags.json, data: { samples } },
);
