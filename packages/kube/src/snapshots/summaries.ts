/**
 * The manifest's summaries, built from raw API objects as they stream past
 * (nodes, namespaces, PVs, events, the metrics totals). Pure.
 */
import { parseQuantity } from "@clustercord/contracts";
import type {
  EventSummary,
  EventsSummary,
  MetricsSummary,
  NodeSummary,
  PersistentVolumeSummary,
} from "./types";

// biome-ignore lint/suspicious/noExplicitAny: raw API JSON, read field by field below
type Raw = Record<string, any>;

/** Events kept in the manifest (the most recent, Warnings first). */
export const EVENTS_KEPT = 200;

const qty = (v: unknown) => (typeof v === "string" || typeof v === "number" ? (parseQuantity(v) ?? 0) : 0);
const resources = (r: Raw | undefined) => ({ cpu: qty(r?.cpu), memory: qty(r?.memory), pods: qty(r?.pods) });

export function nodeSummary(node: Raw): NodeSummary {
  const labels: Record<string, string> = node.metadata?.labels ?? {};
  const roles = Object.keys(labels)
    .filter((l) => l.startsWith("node-role.kubernetes.io/"))
    .map((l) => l.slice("node-role.kubernetes.io/".length))
    .filter(Boolean);
  const ready = (node.status?.conditions ?? []).some((c: Raw) => c.type === "Ready" && c.status === "True");
  return {
    name: node.metadata?.name ?? "",
    ready,
    roles,
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? "",
    capacity: resources(node.status?.capacity),
    allocatable: resources(node.status?.allocatable),
    unschedulable: node.spec?.unschedulable === true,
  };
}

export function persistentVolumeSummary(pv: Raw): PersistentVolumeSummary {
  const claim = pv.spec?.claimRef;
  return {
    name: pv.metadata?.name ?? "",
    capacity: qty(pv.spec?.capacity?.storage),
    phase: pv.status?.phase ?? "",
    storageClass: pv.spec?.storageClassName ?? "",
    claim: claim?.name ? `${claim.namespace ?? ""}/${claim.name}` : "",
    reclaimPolicy: pv.spec?.persistentVolumeReclaimPolicy ?? "",
  };
}

/** Sum of a running (or pending) pod's container requests: what the scheduler reserves for it. */
export function podRequests(pod: Raw): { cpu: number; memory: number } {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return { cpu: 0, memory: 0 };
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += qty(c.resources?.requests?.cpu);
    memory += qty(c.resources?.requests?.memory);
  }
  return { cpu, memory };
}

/** Sum of metrics.k8s.io PodMetrics usage. */
export function podUsage(podMetrics: Raw): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of podMetrics.containers ?? []) {
    cpu += qty(c.usage?.cpu);
    memory += qty(c.usage?.memory);
  }
  return { cpu, memory };
}

export class MetricsTotals {
  #requested = { cpu: 0, memory: 0 };
  #used: { cpu: number; memory: number } | null = null;
  addPod(pod: Raw) {
    const r = podRequests(pod);
    this.#requested.cpu += r.cpu;
    this.#requested.memory += r.memory;
  }
  addUsage(podMetrics: Raw) {
    const u = podUsage(podMetrics);
    this.#used ??= { cpu: 0, memory: 0 };
    this.#used.cpu += u.cpu;
    this.#used.memory += u.memory;
  }
  /** metrics.k8s.io answered (possibly with no pods): usage is 0, not unknown. */
  markUsageKnown() {
    this.#used ??= { cpu: 0, memory: 0 };
  }
  summary(): MetricsSummary {
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return {
      cpu: { requested: round(this.#requested.cpu), used: this.#used ? round(this.#used.cpu) : null },
      memory: {
        requested: Math.round(this.#requested.memory),
        used: this.#used ? Math.round(this.#used.memory) : null,
      },
    };
  }
}

export function eventSummary(event: Raw): EventSummary {
  const involved = event.involvedObject ?? event.regarding ?? {};
  return {
    namespace: event.metadata?.namespace ?? "",
    type: event.type ?? "Normal",
    reason: event.reason ?? "",
    message: String(event.message ?? event.note ?? "").slice(0, 500),
    object: `${involved.kind ?? ""}/${involved.name ?? ""}`,
    count: event.count ?? event.series?.count ?? 1,
    lastSeen: event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp ?? "",
  };
}

/** Keeps counts and the most recent EVENTS_KEPT events (Warnings first) without holding every event. */
export class EventsCollector {
  #total = 0;
  #warnings = 0;
  #kept: EventSummary[] = [];
  add(event: Raw) {
    const s = eventSummary(event);
    this.#total += 1;
    if (s.type === "Warning") this.#warnings += 1;
    this.#kept.push(s);
    if (this.#kept.length >= EVENTS_KEPT * 2) this.#trim();
  }
  #trim() {
    this.#kept.sort(
      (a, b) =>
        Number(b.type === "Warning") - Number(a.type === "Warning") || b.lastSeen.localeCompare(a.lastSeen),
    );
    this.#kept.length = Math.min(this.#kept.length, EVENTS_KEPT);
  }
  summary(): EventsSummary {
    this.#trim();
    return { total: this.#total, warnings: this.#warnings, recent: [...this.#kept] };
  }
}
