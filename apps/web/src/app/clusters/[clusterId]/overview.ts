import type { ResourceRow } from "@clustercord/contracts";

/** The kinds the overview reads (resources.list, every namespace you may list). */
export const OVERVIEW_KINDS = [
  "nodes",
  "pods",
  "events",
  "deployments",
  "statefulsets",
  "daemonsets",
] as const;
export type OverviewKind = (typeof OVERVIEW_KINDS)[number];

const memoryUnits: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A Kubernetes quantity ("3500m", "16Gi", "2") as a number (cores or bytes); NaN when unreadable. */
export function parseQuantity(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(text.trim());
  if (!m) return Number.NaN;
  const value = Number(m[1]);
  const unit = m[2] ?? "";
  return unit === "m" ? value / 1000 : value * (memoryUnits[unit] ?? Number.NaN);
}

export type NodeSummary = {
  ready: number;
  notReady: number;
  cordoned: number;
  cpu: number;
  memoryBytes: number;
};

/** Nodes Ready/NotReady and the summed capacity (columns: Roles, Version, CPU, Memory). */
export function summarizeNodes(rows: ResourceRow[]): NodeSummary {
  const out: NodeSummary = { ready: 0, notReady: 0, cordoned: 0, cpu: 0, memoryBytes: 0 };
  for (const row of rows) {
    if (row.status.startsWith("Ready")) out.ready++;
    else out.notReady++;
    if (row.status.includes("SchedulingDisabled")) out.cordoned++;
    const cpu = parseQuantity(row.cells[2] ?? "");
    const memory = parseQuantity(row.cells[3] ?? "");
    if (Number.isFinite(cpu)) out.cpu += cpu;
    if (Number.isFinite(memory)) out.memoryBytes += memory;
  }
  return out;
}

export type StatusCount = { status: string; tone: ResourceRow["tone"]; count: number };

const toneOrder: ResourceRow["tone"][] = ["error", "warning", "pending", "ok", "done"];

/** Pods counted by status, the troubled ones first. */
export function podsByStatus(rows: ResourceRow[]): StatusCount[] {
  const counts = new Map<string, StatusCount>();
  for (const row of rows) {
    const entry = counts.get(row.status) ?? { status: row.status, tone: row.tone, count: 0 };
    entry.count++;
    counts.set(row.status, entry);
  }
  return [...counts.values()].sort(
    (a, b) => toneOrder.indexOf(a.tone) - toneOrder.indexOf(b.tone) || b.count - a.count,
  );
}

export type WarningEvent = {
  namespace: string;
  reason: string;
  object: string;
  message: string;
  count: number;
  lastSeen: string;
};

/** Warning events, newest first (columns: Reason, Object, Message, Count, Last seen). */
export function recentWarnings(rows: ResourceRow[], max: number): WarningEvent[] {
  return rows
    .filter((row) => row.status === "Warning")
    .map((row) => ({
      namespace: row.namespace,
      reason: row.cells[0] ?? "",
      object: row.cells[1] ?? "",
      message: row.cells[2] ?? "",
      count: Number(row.cells[3] ?? "1") || 1,
      lastSeen: row.cells[4] || row.createdAt,
    }))
    .sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen))
    .slice(0, max);
}

export type UnreadyWorkload = {
  kind: string;
  namespace: string;
  name: string;
  status: string;
  ready: string;
};

/** Deployments, StatefulSets and DaemonSets whose status is not fine. */
export function unreadyWorkloads(lists: { kind: string; rows: ResourceRow[] }[]) {
  const out: UnreadyWorkload[] = [];
  for (const { kind, rows } of lists) {
    for (const row of rows) {
      if (row.tone === "ok" || row.tone === "done") continue;
      out.push({
        kind,
        namespace: row.namespace,
        name: row.name,
        status: row.status,
        // DaemonSets: Desired, Current, Ready, ...; the others lead with "ready/desired".
        ready: kind === "daemonsets" ? `${row.cells[2] ?? "?"}/${row.cells[0] ?? "?"}` : (row.cells[0] ?? ""),
      });
    }
  }
  return out.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** Bytes as the largest binary unit that keeps a number ≥ 1 ("15.6 GiB"). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value >= 10 || i === 0 ? Math.round(value) : value.toFixed(1)} ${units[i]}`;
}
