/**
 * One sampler pass as rows: the pods of each (namespace, owning workload)
 * summed — usage from metrics.k8s.io, requests from the pod specs, storage
 * from the capacity of the PVCs the pods mount — and the nodes' capacity.
 */
import { parseQuantity } from "@clustercord/contracts";
import { type Attribution, attribute, type NamespaceOwner } from "./attribution";

const GIB = 2 ** 30;

interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  ownerReferences?: readonly OwnerRef[];
}
export interface OwnerRef {
  kind: string;
  name: string;
  controller?: boolean;
}
type Resources = { requests?: Record<string, string | number> };
export interface PodLike {
  metadata?: Meta;
  spec?: {
    containers?: readonly { resources?: Resources }[];
    initContainers?: readonly { resources?: Resources }[];
    volumes?: readonly { persistentVolumeClaim?: { claimName?: string } }[];
  };
  status?: { phase?: string };
}
/** metrics.k8s.io/v1beta1 PodMetrics. */
export interface PodMetricsLike {
  metadata?: { name?: string; namespace?: string };
  containers?: readonly { usage?: Record<string, string | number> }[];
}
export interface PvcLike {
  metadata?: { name?: string; namespace?: string };
  spec?: { resources?: Resources };
  status?: { capacity?: Record<string, string | number> };
}
export interface NodeLike {
  status?: { capacity?: Record<string, string | number>; allocatable?: Record<string, string | number> };
}
/** A ReplicaSet's or Job's controller, by `namespace/name` (null: it has none). */
export type OwnerIndex = ReadonlyMap<string, OwnerRef | null>;

export interface UsageSampleRow extends Attribution {
  at: Date;
  namespace: string;
  /** `Kind/name` of the owning workload (`Pod/name` for a bare pod, `PersistentVolumeClaim/name` unmounted). */
  workload: string;
  pods: number;
  cpuUsageCores: number;
  cpuRequestCores: number;
  memUsageGb: number;
  memRequestGb: number;
  storageGb: number;
  seconds: number;
}

export interface ClusterPass {
  at: Date;
  seconds: number;
  nodes: number;
  cpuCapacityCores: number;
  memCapacityGb: number;
  cpuAllocatedCores: number;
  memAllocatedGb: number;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;
const controllerOf = (meta: Meta | undefined) =>
  meta?.ownerReferences?.find((ref) => ref.controller) ?? meta?.ownerReferences?.[0];
const amount = (value: string | number | undefined) =>
  value === undefined ? 0 : (parseQuantity(value) ?? 0);

/**
 * The workload a pod belongs to, as `Kind/name`: a ReplicaSet's Deployment,
 * a Job's CronJob, a StatefulSet/DaemonSet directly; a bare pod is `Pod/<name>`.
 */
export function ownerWorkload(pod: PodLike, owners: { replicaSets: OwnerIndex; jobs: OwnerIndex }): string {
  const namespace = pod.metadata?.namespace ?? "";
  const ref = controllerOf(pod.metadata);
  if (!ref) return `Pod/${pod.metadata?.name ?? ""}`;
  const index = ref.kind === "ReplicaSet" ? owners.replicaSets : ref.kind === "Job" ? owners.jobs : null;
  if (!index) return `${ref.kind}/${ref.name}`;
  const parent = index.get(key(namespace, ref.name));
  if (parent) return `${parent.kind}/${parent.name}`;
  if (parent === null) return `${ref.kind}/${ref.name}`;
  // Not in the cache yet (just created): a Deployment's ReplicaSet is named <deployment>-<pod-template-hash>.
  const hash = pod.metadata?.labels?.["pod-template-hash"];
  if (ref.kind === "ReplicaSet" && hash && ref.name.endsWith(`-${hash}`))
    return `Deployment/${ref.name.slice(0, -hash.length - 1)}`;
  return `${ref.kind}/${ref.name}`;
}

/** A pod's effective request of one resource: Σ containers, or the largest init container if more. */
function podRequest(pod: PodLike, resource: "cpu" | "memory"): number {
  const sum = (pod.spec?.containers ?? []).reduce((s, c) => s + amount(c.resources?.requests?.[resource]), 0);
  const init = (pod.spec?.initContainers ?? []).reduce(
    (m, c) => Math.max(m, amount(c.resources?.requests?.[resource])),
    0,
  );
  return Math.max(sum, init);
}

function podUsage(metrics: PodMetricsLike | undefined, resource: "cpu" | "memory"): number {
  return (metrics?.containers ?? []).reduce((s, c) => s + amount(c.usage?.[resource]), 0);
}

/** A PVC's size: its bound capacity, else what it asks for. */
const pvcBytes = (pvc: PvcLike) =>
  amount(pvc.status?.capacity?.storage ?? pvc.spec?.resources?.requests?.storage);

interface Row {
  namespace: string;
  workload: string;
  pods: number;
  cpuUsage: number;
  cpuRequest: number;
  memUsage: number;
  memRequest: number;
  storageBytes: number;
  claims: Set<string>;
  /** Attribution votes: the one most pods carry wins. */
  votes: Map<string, { who: Attribution; pods: number }>;
}

/**
 * One row per (namespace, workload) of the Running pods, plus one
 * `PersistentVolumeClaim/<name>` row per claim no Running pod mounts (its
 * storage is paid for all the same). A PVC mounted by several workloads
 * counts once, for the first (by namespace/workload order).
 */
export function buildSamples(input: {
  pods: readonly PodLike[];
  podMetrics: readonly PodMetricsLike[];
  pvcs: readonly PvcLike[];
  replicaSets: OwnerIndex;
  jobs: OwnerIndex;
  namespaceOwner: (namespace: string) => NamespaceOwner;
  at: Date;
  seconds: number;
}): UsageSampleRow[] {
  const metrics = new Map<string, PodMetricsLike>();
  for (const m of input.podMetrics) metrics.set(key(m.metadata?.namespace ?? "", m.metadata?.name ?? ""), m);
  const owners = new Map<string, NamespaceOwner>();
  const ownerOf = (namespace: string) => {
    let owner = owners.get(namespace);
    if (!owner) {
      owner = input.namespaceOwner(namespace);
      owners.set(namespace, owner);
    }
    return owner;
  };
  const rows = new Map<string, Row>();
  for (const pod of input.pods) {
    if (pod.status?.phase !== "Running") continue;
    const namespace = pod.metadata?.namespace ?? "";
    const workload = ownerWorkload(pod, { replicaSets: input.replicaSets, jobs: input.jobs });
    const rowKey = key(namespace, workload);
    let row = rows.get(rowKey);
    if (!row) {
      row = {
        namespace,
        workload,
        pods: 0,
        cpuUsage: 0,
        cpuRequest: 0,
        memUsage: 0,
        memRequest: 0,
        storageBytes: 0,
        claims: new Set(),
        votes: new Map(),
      };
      rows.set(rowKey, row);
    }
    const m = metrics.get(key(namespace, pod.metadata?.name ?? ""));
    row.pods += 1;
    row.cpuUsage += podUsage(m, "cpu");
    row.cpuRequest += podRequest(pod, "cpu");
    row.memUsage += podUsage(m, "memory");
    row.memRequest += podRequest(pod, "memory");
    for (const volume of pod.spec?.volumes ?? [])
      if (volume.persistentVolumeClaim?.claimName) row.claims.add(volume.persistentVolumeClaim.claimName);
    const who = attribute(namespace, pod.metadata?.labels, ownerOf(namespace));
    const vote = `${who.attribution}:${who.personId ?? ""}`;
    const tally = row.votes.get(vote);
    if (tally) tally.pods += 1;
    else row.votes.set(vote, { who, pods: 1 });
  }
  const sorted = [...rows.values()].sort((a, b) =>
    a.namespace === b.namespace ? (a.workload < b.workload ? -1 : 1) : a.namespace < b.namespace ? -1 : 1,
  );
  const claimed = new Set<string>();
  const pvcs = new Map(input.pvcs.map((p) => [key(p.metadata?.namespace ?? "", p.metadata?.name ?? ""), p]));
  for (const row of sorted)
    for (const claim of row.claims) {
      const id = key(row.namespace, claim);
      const pvc = pvcs.get(id);
      if (!pvc || claimed.has(id)) continue;
      claimed.add(id);
      row.storageBytes += pvcBytes(pvc);
    }
  const out: UsageSampleRow[] = sorted.map((row) => ({
    at: input.at,
    namespace: row.namespace,
    workload: row.workload,
    ...winner(row.votes),
    pods: row.pods,
    cpuUsageCores: row.cpuUsage,
    cpuRequestCores: row.cpuRequest,
    memUsageGb: row.memUsage / GIB,
    memRequestGb: row.memRequest / GIB,
    storageGb: row.storageBytes / GIB,
    seconds: input.seconds,
  }));
  for (const [id, pvc] of pvcs) {
    if (claimed.has(id)) continue;
    const namespace = pvc.metadata?.namespace ?? "";
    out.push({
      at: input.at,
      namespace,
      workload: `PersistentVolumeClaim/${pvc.metadata?.name ?? ""}`,
      ...attribute(namespace, undefined, ownerOf(namespace)),
      pods: 0,
      cpuUsageCores: 0,
      cpuRequestCores: 0,
      memUsageGb: 0,
      memRequestGb: 0,
      storageGb: pvcBytes(pvc) / GIB,
      seconds: input.seconds,
    });
  }
  return out;
}

/** The attribution most of the row's pods carry (ties: the first seen). */
function winner(votes: Map<string, { who: Attribution; pods: number }>): Attribution {
  let best: { who: Attribution; pods: number } | undefined;
  for (const tally of votes.values()) if (!best || tally.pods > best.pods) best = tally;
  return best?.who ?? { attribution: "unattributed", personId: null, guildId: null };
}

/** The nodes' capacity in one pass, and what the pass's pods requested of it. */
export function clusterPass(
  nodes: readonly NodeLike[],
  samples: readonly UsageSampleRow[],
  at: Date,
  seconds: number,
): ClusterPass {
  const capacity = (node: NodeLike, resource: string) =>
    amount(node.status?.capacity?.[resource] ?? node.status?.allocatable?.[resource]);
  return {
    at,
    seconds,
    nodes: nodes.length,
    cpuCapacityCores: nodes.reduce((s, n) => s + capacity(n, "cpu"), 0),
    memCapacityGb: nodes.reduce((s, n) => s + capacity(n, "memory"), 0) / GIB,
    cpuAllocatedCores: samples.reduce((s, r) => s + r.cpuRequestCores, 0),
    memAllocatedGb: samples.reduce((s, r) => s + r.memRequestGb, 0),
  };
}
