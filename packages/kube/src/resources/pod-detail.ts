import type { PodCondition, PodContainer } from "@clustercord/contracts";

/** The parts of a core/v1 Pod the details read (a structural subset of V1Pod). */
interface StateLike {
  waiting?: { reason?: string };
  running?: { startedAt?: Date | string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; startedAt?: Date | string };
}
interface StatusLike {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: StateLike;
  lastState?: StateLike;
}
interface ContainerLike {
  name?: string;
  image?: string;
  ports?: readonly { name?: string; containerPort?: number; protocol?: string }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}
export interface PodDetailLike {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: readonly { kind?: string; name?: string; controller?: boolean }[];
  };
  spec?: {
    /** ContainerLike objects (typed loosely to match the caches' PodLike). */
    containers?: readonly unknown[];
    initContainers?: readonly unknown[];
    serviceAccountName?: string;
  };
  status?: {
    conditions?: readonly {
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: Date | string;
    }[];
    containerStatuses?: readonly StatusLike[];
    initContainerStatuses?: readonly StatusLike[];
    podIP?: string;
    podIPs?: readonly { ip?: string }[];
    hostIP?: string;
    qosClass?: string;
  };
}

/** Annotation values past this are cut: last-applied-configuration can be hundreds of KiB. */
export const MAX_ANNOTATION_VALUE = 1024;

const iso = (value: Date | string | undefined) =>
  value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);

/** A quantity from the spec as written ("100m", "128Mi"); the client may hand over numbers or objects. */
const quantity = (value: unknown) =>
  typeof value === "string" || typeof value === "number" ? String(value) : value ? String(value) : "";

const ended = (t: NonNullable<StateLike["terminated"]>) =>
  `${t.reason || "Terminated"} (${t.signal ? `signal ${t.signal}` : `exit ${t.exitCode ?? "?"}`})`;

function container(spec: ContainerLike, status: StatusLike | undefined, init: boolean): PodContainer {
  const state = status?.state;
  const requests = spec.resources?.requests ?? {};
  const limits = spec.resources?.limits ?? {};
  const last = status?.lastState?.terminated;
  return {
    name: spec.name ?? "",
    image: spec.image ?? "",
    init,
    state: state?.running
      ? "running"
      : state?.waiting
        ? "waiting"
        : state?.terminated
          ? "terminated"
          : "unknown",
    stateDetail: state?.running
      ? ""
      : state?.waiting
        ? (state.waiting.reason ?? "Waiting")
        : state?.terminated
          ? ended(state.terminated)
          : "",
    since: iso(state?.running?.startedAt ?? state?.terminated?.startedAt),
    ready: status?.ready ?? false,
    restarts: status?.restartCount ?? 0,
    lastTermination: last ? ended(last) : "",
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name ?? "",
      containerPort: p.containerPort ?? 0,
      protocol: p.protocol ?? "TCP",
    })),
    requests: { cpu: quantity(requests.cpu), memory: quantity(requests.memory) },
    limits: { cpu: quantity(limits.cpu), memory: quantity(limits.memory) },
  };
}

const specs = (list: readonly unknown[] | undefined) =>
  (list ?? []).filter((c): c is ContainerLike => typeof c === "object" && c !== null);

function capped(values: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    out[key] =
      value.length > MAX_ANNOTATION_VALUE
        ? `${value.slice(0, MAX_ANNOTATION_VALUE)}… (${value.length - MAX_ANNOTATION_VALUE} more characters)`
        : value;
  }
  return out;
}

/**
 * What the pod page shows beside the log and terminal: conditions, every
 * container (image, state, restarts, ports, requests and limits), labels and
 * annotations, IPs, and the controller that owns it. Pure.
 */
export function podDetails(pod: PodDetailLike) {
  const byName = (list: readonly StatusLike[] | undefined) => new Map((list ?? []).map((s) => [s.name, s]));
  const statuses = byName(pod.status?.containerStatuses);
  const initStatuses = byName(pod.status?.initContainerStatuses);
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller) ?? null;
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip ?? "").filter(Boolean);
  const conditions: PodCondition[] = (pod.status?.conditions ?? []).map((c) => ({
    type: c.type ?? "",
    status: c.status ?? "Unknown",
    reason: c.reason ?? "",
    message: c.message ?? "",
    lastTransition: iso(c.lastTransitionTime),
  }));
  return {
    containerDetails: [
      ...specs(pod.spec?.initContainers).map((c) => container(c, initStatuses.get(c.name), true)),
      ...specs(pod.spec?.containers).map((c) => container(c, statuses.get(c.name), false)),
    ],
    conditions,
    labels: { ...(pod.metadata?.labels ?? {}) },
    annotations: capped(pod.metadata?.annotations),
    podIPs: ips.length ? ips : pod.status?.podIP ? [pod.status.podIP] : [],
    hostIP: pod.status?.hostIP ?? "",
    qosClass: pod.status?.qosClass ?? "",
    serviceAccount: pod.spec?.serviceAccountName ?? "",
    owner: owner ? { kind: owner.kind ?? "", name: owner.name ?? "" } : null,
  };
}
