/**
 * Hourly rollups, OpenCost's allocation: each sample stands for `seconds`,
 * and a workload is charged max(request, usage) for that time. A rollup of
 * the hour's samples equals the merge of rollups of any split of them, so the
 * sampler adds each pass to the stored hour instead of re-reading the hour.
 */
import type { Attribution } from "./attribution";
import type { ClusterPass, UsageSampleRow } from "./samples";

const HOUR_MS = 3_600_000;

export interface UsageHourRow extends Attribution {
  hour: Date;
  namespace: string;
  workload: string;
  /** The most pods seen in one pass. */
  pods: number;
  cpuCoreHours: number;
  memGbHours: number;
  storageGbHours: number;
  cpuUsageCoreHours: number;
  cpuRequestCoreHours: number;
  memUsageGbHours: number;
  memRequestGbHours: number;
  sampledSeconds: number;
}

export interface ClusterHourRow {
  hour: Date;
  /** The most nodes seen in one pass. */
  nodes: number;
  cpuCapacityCoreHours: number;
  memCapacityGbHours: number;
  cpuAllocatedCoreHours: number;
  memAllocatedGbHours: number;
  sampledSeconds: number;
}

/** The start of the UTC hour `at` falls in. */
export const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

const rowKey = (hour: Date, namespace: string, workload: string) =>
  `${hour.getTime()}|${namespace}|${workload}`;

/** One sample's share of its hour. */
function sampleHour(s: UsageSampleRow): UsageHourRow {
  const h = s.seconds / 3600;
  return {
    hour: hourOf(s.at),
    namespace: s.namespace,
    workload: s.workload,
    attribution: s.attribution,
    personId: s.personId,
    guildId: s.guildId,
    pods: s.pods,
    cpuCoreHours: Math.max(s.cpuRequestCores, s.cpuUsageCores) * h,
    memGbHours: Math.max(s.memRequestGb, s.memUsageGb) * h,
    storageGbHours: s.storageGb * h,
    cpuUsageCoreHours: s.cpuUsageCores * h,
    cpuRequestCoreHours: s.cpuRequestCores * h,
    memUsageGbHours: s.memUsageGb * h,
    memRequestGbHours: s.memRequestGb * h,
    sampledSeconds: s.seconds,
  };
}

/** Two rollups of the same (hour, namespace, workload): sums, the larger pod count, `later`'s attribution. */
export function mergeHour(earlier: UsageHourRow, later: UsageHourRow): UsageHourRow {
  return {
    ...later,
    pods: Math.max(earlier.pods, later.pods),
    cpuCoreHours: earlier.cpuCoreHours + later.cpuCoreHours,
    memGbHours: earlier.memGbHours + later.memGbHours,
    storageGbHours: earlier.storageGbHours + later.storageGbHours,
    cpuUsageCoreHours: earlier.cpuUsageCoreHours + later.cpuUsageCoreHours,
    cpuRequestCoreHours: earlier.cpuRequestCoreHours + later.cpuRequestCoreHours,
    memUsageGbHours: earlier.memUsageGbHours + later.memUsageGbHours,
    memRequestGbHours: earlier.memRequestGbHours + later.memRequestGbHours,
    sampledSeconds: earlier.sampledSeconds + later.sampledSeconds,
  };
}

/** Rows of `addition` merged into `base` (both rollups), keyed by (hour, namespace, workload). */
export function mergeHours(base: readonly UsageHourRow[], addition: readonly UsageHourRow[]): UsageHourRow[] {
  const rows = new Map(base.map((r) => [rowKey(r.hour, r.namespace, r.workload), r]));
  for (const r of addition) {
    const k = rowKey(r.hour, r.namespace, r.workload);
    const prior = rows.get(k);
    rows.set(k, prior ? mergeHour(prior, r) : r);
  }
  return [...rows.values()];
}

/** The samples rolled up per (hour, namespace, workload); the latest sample's attribution wins. */
export function rollupHour(samples: readonly UsageSampleRow[]): UsageHourRow[] {
  const ordered = [...samples].sort((a, b) => a.at.getTime() - b.at.getTime());
  return mergeHours([], ordered.map(sampleHour));
}

/** Node capacity and allocation per hour, from the passes. */
export function rollupClusterHour(passes: readonly ClusterPass[]): ClusterHourRow[] {
  const hours = new Map<number, ClusterHourRow>();
  for (const p of passes) {
    const hour = hourOf(p.at);
    const h = p.seconds / 3600;
    const add: ClusterHourRow = {
      hour,
      nodes: p.nodes,
      cpuCapacityCoreHours: p.cpuCapacityCores * h,
      memCapacityGbHours: p.memCapacityGb * h,
      cpuAllocatedCoreHours: p.cpuAllocatedCores * h,
      memAllocatedGbHours: p.memAllocatedGb * h,
      sampledSeconds: p.seconds,
    };
    const prior = hours.get(hour.getTime());
    hours.set(hour.getTime(), prior ? mergeClusterHour(prior, add) : add);
  }
  return [...hours.values()];
}

export function mergeClusterHour(earlier: ClusterHourRow, later: ClusterHourRow): ClusterHourRow {
  return {
    hour: later.hour,
    nodes: Math.max(earlier.nodes, later.nodes),
    cpuCapacityCoreHours: earlier.cpuCapacityCoreHours + later.cpuCapacityCoreHours,
    memCapacityGbHours: earlier.memCapacityGbHours + later.memCapacityGbHours,
    cpuAllocatedCoreHours: earlier.cpuAllocatedCoreHours + later.cpuAllocatedCoreHours,
    memAllocatedGbHours: earlier.memAllocatedGbHours + later.memAllocatedGbHours,
    sampledSeconds: earlier.sampledSeconds + later.sampledSeconds,
  };
}
