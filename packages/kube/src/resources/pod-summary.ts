import type { PodDetail, PodStatusTone, PodSummary } from "@clustercord/contracts";
import { podContainerNames } from "../streams/containers";
import { type PodDetailLike, podDetails } from "./pod-detail";

/** The parts of a core/v1 Pod a summary reads (a structural subset of V1Pod). */
interface ContainerState {
  waiting?: { reason?: string };
  running?: object;
  terminated?: { reason?: string; exitCode?: number; signal?: number };
}
interface ContainerStatus {
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
}
export interface PodLike {
  metadata?: {
    name?: string;
    namespace?: string;
    creationTimestamp?: Date | string;
    deletionTimestamp?: Date | string;
    annotations?: Record<string, string>;
  };
  spec?: { nodeName?: string; containers?: readonly unknown[]; initContainers?: readonly unknown[] };
  status?: {
    phase?: string;
    reason?: string;
    initContainerStatuses?: readonly ContainerStatus[];
    containerStatuses?: readonly ContainerStatus[];
  };
}

const terminatedReason = (t: NonNullable<ContainerState["terminated"]>) =>
  t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? "?"}`);

/** The STATUS column of `kubectl get pods` (k8s.io/kubernetes printers, printPod), simplified. */
export function podStatus(pod: PodLike): string {
  const phase = pod.status?.phase ?? "Unknown";
  let reason = pod.status?.reason || phase;
  const inits = pod.status?.initContainerStatuses ?? [];
  const initTotal = pod.spec?.initContainers?.length ?? inits.length;
  let initializing = false;
  for (const [i, c] of inits.entries()) {
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    initializing = true;
    if (t) reason = `Init:${terminatedReason(t)}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== "PodInitializing")
      reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${initTotal}`;
    break;
  }
  if (!initializing) {
    let running = false;
    for (const c of [...(pod.status?.containerStatuses ?? [])].reverse()) {
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated) reason = terminatedReason(c.state.terminated);
      else if (c.ready && c.state?.running) running = true;
    }
    if (reason === "Completed" && running) reason = "Running";
  }
  if (pod.metadata?.deletionTimestamp) reason = pod.status?.reason === "NodeLost" ? "Unknown" : "Terminating";
  return reason;
}

const pendingStatuses = new Set(["Pending", "ContainerCreating", "PodInitializing", "Terminating"]);
const doneStatuses = new Set(["Completed", "Succeeded"]);

export function statusTone(status: string, ready: { ready: number; total: number }): PodStatusTone {
  if (status === "Running") return ready.ready === ready.total ? "ok" : "warning";
  if (doneStatuses.has(status)) return "done";
  if (pendingStatuses.has(status) || /^Init:\d+\/\d+$/.test(status)) return "pending";
  return "error";
}

const iso = (value: Date | string | undefined) =>
  value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);

/** One row of the pods browser, computed from a cached Pod (pure). */
export function summarizePod(pod: PodLike): PodSummary {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((c) => c.ready).length;
  const status = podStatus(pod);
  return {
    name: pod.metadata?.name ?? "",
    namespace: pod.metadata?.namespace ?? "",
    phase: pod.status?.phase ?? "Unknown",
    ready: `${ready}/${total}`,
    restarts: statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0),
    node: pod.spec?.nodeName ?? "",
    createdAt: iso(pod.metadata?.creationTimestamp),
    status,
    tone: statusTone(status, { ready, total }),
  };
}

/** The pods.get answer for one cached pod: its row, its containers and its details (pure). */
export function describePod(pod: PodLike & PodDetailLike): PodDetail {
  return { ...summarizePod(pod), ...podContainerNames(pod), ...podDetails(pod) };
}
