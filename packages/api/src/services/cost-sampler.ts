/**
 * One sampler pass over a cluster: metrics.k8s.io read with ClusterCord's
 * own credentials, joined with the shared watch caches (pods, their
 * ReplicaSets and Jobs, PVCs, nodes, namespaces), stored as samples and added
 * to the current hour; then the budgets are evaluated. When metrics or the
 * caches are missing the pass records a gap: never zero usage.
 */
import { AppError } from "@clustercord/contracts";
import {
  buildSamples,
  clusterPass,
  hourOf,
  type NodeLike,
  namespaceOwner,
  type OwnerRef,
  type PodLike,
  type PvcLike,
  rollupClusterHour,
  rollupHour,
  simulateHistory,
  type UsageSampleRow,
} from "@clustercord/cost";
import {
  addUsageHours,
  findClusterOwner,
  hasUsageBefore,
  recordUsageGap,
  writeUsagePass,
} from "@clustercord/db";
import { type KubeObject, RESOURCE_TYPES, readClusterMetrics, toKubeConfig } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { type CostJobDeps, evaluateBudgets } from "./cost-budgets";
import { type OpenedCluster, settled, sharedCache } from "./read-access";

export type SamplerDeps = CostJobDeps;

export type SamplePassResult =
  | { clusterId: string; at: string; rows: number; written: boolean }
  | { clusterId: string; at: string; gap: { from: string; to: string; reason: string } };

const JOINED = [
  RESOURCE_TYPES.pods,
  RESOURCE_TYPES.replicasets,
  RESOURCE_TYPES.jobs,
  RESOURCE_TYPES.persistentvolumeclaims,
  RESOURCE_TYPES.nodes,
  RESOURCE_TYPES.namespaces,
] as const;

type Obj = KubeObject & { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };

/** The shared caches the pass joins; null (and why) when one cannot be trusted. */
async function joinedCaches(deps: SamplerDeps, cluster: OpenedCluster) {
  const caches = await Promise.all(
    JOINED.map((type) => settled(sharedCache<Obj>(deps as ApiDeps, cluster, type))),
  );
  for (const [i, cache] of caches.entries()) {
    const status = cache.state.status;
    // A "syncing" list is empty, not idle: sampling it would store zero usage.
    if (status !== "ready" && status !== "stale")
      return { problem: `the cluster's ${JOINED[i]?.resource ?? "objects"} could not be read (${status})` };
  }
  const [pods, replicaSets, jobs, pvcs, nodes, namespaces] = caches.map((c) => c.list());
  return { pods, replicaSets, jobs, pvcs, nodes, namespaces } as Record<
    "pods" | "replicaSets" | "jobs" | "pvcs" | "nodes" | "namespaces",
    Obj[]
  >;
}

/** `namespace/name` → the object's controller (null: none), for ReplicaSets and Jobs. */
function ownerIndex(objects: readonly Obj[]): Map<string, OwnerRef | null> {
  const index = new Map<string, OwnerRef | null>();
  for (const o of objects) {
    const refs = (o.metadata as { ownerReferences?: OwnerRef[] }).ownerReferences ?? [];
    const ref = refs.find((r) => r.controller) ?? refs[0] ?? null;
    index.set(`${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`, ref);
  }
  return index;
}

/** Passes of one cluster never overlap: a second caller waits for the running one. */
const running = new Map<string, Promise<SamplePassResult>>();

export interface SamplePass {
  at: Date;
  seconds: number;
  /** Demo only (COST_SIMULATED_HISTORY_DAYS): made-up history before a cluster's first pass. */
  simulatedHistoryDays?: number;
}

export function sampleCluster(
  deps: SamplerDeps,
  cluster: OpenedCluster,
  pass: SamplePass,
): Promise<SamplePassResult> {
  const busy = running.get(cluster.id);
  if (busy)
    return busy.then(
      () => sampleCluster(deps, cluster, pass),
      () => sampleCluster(deps, cluster, pass),
    );
  const run = samplePass(deps, cluster, pass).finally(() => running.delete(cluster.id));
  running.set(cluster.id, run);
  return run;
}

async function samplePass(
  deps: SamplerDeps,
  cluster: OpenedCluster,
  { at, seconds, simulatedHistoryDays = 0 }: SamplePass,
): Promise<SamplePassResult> {
  const ownerGuildId = await findClusterOwner(deps.prisma, cluster.id);
  if (!ownerGuildId) throw new AppError("NOT_FOUND", { userMessage: "That cluster was removed." });
  const gap = async (reason: string) => {
    const from = new Date(at.getTime() - seconds * 1000);
    // Consecutive failed passes join into one gap (a pass may start a little late).
    await recordUsageGap(deps.prisma, cluster.id, { from, to: at, reason }, { joinWithinMs: seconds * 500 });
    return {
      clusterId: cluster.id,
      at: at.toISOString(),
      gap: { from: from.toISOString(), to: at.toISOString(), reason },
    };
  };
  const objects = await joinedCaches(deps, cluster);
  if ("problem" in objects) return gap(objects.problem as string);
  const metrics = await readClusterMetrics(toKubeConfig(cluster.selected, deps.clusterGuard));
  if (!metrics.ok) return gap(metrics.reason);
  const namespaceLabels = new Map(
    objects.namespaces.map((n) => [n.metadata?.name ?? "", n.metadata?.labels]),
  );
  const samples = buildSamples({
    pods: objects.pods as PodLike[],
    podMetrics: metrics.pods,
    pvcs: objects.pvcs as PvcLike[],
    replicaSets: ownerIndex(objects.replicaSets),
    jobs: ownerIndex(objects.jobs),
    namespaceOwner: (ns) =>
      namespaceOwner(ns, namespaceLabels.get(ns), { ownerGuildId, shared: cluster.shared }),
    at,
    seconds,
  });
  const written = await writeUsagePass(deps.prisma, cluster.id, {
    samples,
    cluster: clusterPass(objects.nodes as NodeLike[], samples, at, seconds),
  });
  if (written.written && simulatedHistoryDays > 0)
    await simulateMissingHistory(
      deps,
      cluster.id,
      samples,
      objects.nodes as NodeLike[],
      at,
      simulatedHistoryDays,
    );
  // Budgets see the hour this pass completed.
  if (written.written) await evaluateBudgets(deps, cluster.id, at);
  return { clusterId: cluster.id, at: at.toISOString(), rows: samples.length, written: written.written };
}

/**
 * Demo only: a cluster with no hour before this one gets `days` of made-up
 * hourly history shaped from this pass (simulateHistory), through the same
 * rollup and writes as real passes. These numbers were never measured.
 */
async function simulateMissingHistory(
  deps: SamplerDeps,
  clusterId: string,
  samples: readonly UsageSampleRow[],
  nodes: readonly NodeLike[],
  at: Date,
  days: number,
) {
  if (samples.length === 0 || (await hasUsageBefore(deps.prisma, clusterId, hourOf(at)))) return;
  const history = simulateHistory(samples, nodes, { days, end: at });
  await addUsageHours(deps.prisma, clusterId, rollupHour(history.samples), rollupClusterHour(history.passes));
}
