/**
 * One list row per object, as `kubectl get <kind>` prints it (simplified):
 * a status badge, a tone, and the kind's own columns. Pure.
 */
import type { KubeObject } from "../cache/reduce";
import { type PodLike, summarizePod } from "./pod-summary";

export type StatusTone = "ok" | "pending" | "warning" | "error" | "done";

export interface Row {
  status: string;
  tone: StatusTone;
  /** One cell per column of the kind, in order. */
  cells: string[];
}

/** Cached objects are plain JSON: read them structurally. */
export type Json = { [key: string]: unknown };
export type Obj = KubeObject & {
  metadata?: KubeObject["metadata"] & {
    labels?: Record<string, string>;
    creationTimestamp?: string | Date;
    ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
  };
  spec?: Json;
  status?: Json;
  [key: string]: unknown;
};

export const num = (value: unknown): number => (typeof value === "number" ? value : 0);
export const str = (value: unknown): string => (typeof value === "string" ? value : "");
export const arr = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
export const obj = (value: unknown): Json =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};

/** Whether status.conditions has `type` with status "True" (undefined when absent). */
export function condition(o: Obj, type: string): boolean | undefined {
  const c = arr(o.status?.conditions).find((x) => x.type === type);
  return c ? c.status === "True" : undefined;
}

function replicasRow(desired: number, ready: number, cells: string[]): Row {
  if (desired === 0) return { status: "Scaled to 0", tone: "done", cells };
  if (ready >= desired) return { status: "Ready", tone: "ok", cells };
  return {
    status: ready === 0 ? "Not ready" : "Partly ready",
    tone: ready === 0 ? "error" : "warning",
    cells,
  };
}

/** As the pods browser shows it: Ready, Restarts, Node. */
function pod(o: Obj): Row {
  const s = summarizePod(o as PodLike);
  return { status: s.status, tone: s.tone, cells: [s.ready, String(s.restarts), s.node] };
}

function deployment(o: Obj): Row {
  const desired = num(o.spec?.replicas ?? 1);
  const ready = num(o.status?.readyReplicas);
  const cells = [
    `${ready}/${desired}`,
    String(num(o.status?.updatedReplicas)),
    String(num(o.status?.availableReplicas)),
  ];
  if (condition(o, "Progressing") === false) return { status: "Stalled", tone: "error", cells };
  const row = replicasRow(desired, ready, cells);
  return row.tone === "warning" ? { ...row, status: "Progressing", tone: "pending" } : row;
}

function statefulSet(o: Obj): Row {
  const desired = num(o.spec?.replicas ?? 1);
  const ready = num(o.status?.readyReplicas);
  return replicasRow(desired, ready, [`${ready}/${desired}`, String(num(o.status?.updatedReplicas))]);
}

function daemonSet(o: Obj): Row {
  const s = o.status ?? {};
  const desired = num(s.desiredNumberScheduled);
  const ready = num(s.numberReady);
  return replicasRow(desired, ready, [
    String(desired),
    String(num(s.currentNumberScheduled)),
    String(ready),
    String(num(s.updatedNumberScheduled)),
    String(num(s.numberAvailable)),
  ]);
}

function replicaSet(o: Obj): Row {
  const desired = num(o.spec?.replicas ?? 1);
  const ready = num(o.status?.readyReplicas);
  return replicasRow(desired, ready, [String(desired), String(num(o.status?.replicas)), String(ready)]);
}

function job(o: Obj): Row {
  const completions = num(o.spec?.completions ?? 1);
  const succeeded = num(o.status?.succeeded);
  const start = str(o.status?.startTime);
  const end = str(o.status?.completionTime);
  const duration = start && end ? `${Math.round((Date.parse(end) - Date.parse(start)) / 1000)}s` : "";
  const cells = [`${succeeded}/${completions}`, duration];
  if (condition(o, "Complete")) return { status: "Complete", tone: "done", cells };
  if (condition(o, "Failed")) return { status: "Failed", tone: "error", cells };
  if (o.spec?.suspend === true) return { status: "Suspended", tone: "pending", cells };
  return { status: "Running", tone: "pending", cells };
}

function cronJob(o: Obj): Row {
  const suspended = o.spec?.suspend === true;
  const active = arr(o.status?.active).length;
  return {
    status: suspended ? "Suspended" : "Scheduled",
    tone: suspended ? "pending" : "ok",
    cells: [
      str(o.spec?.schedule),
      suspended ? "True" : "False",
      String(active),
      str(o.status?.lastScheduleTime),
    ],
  };
}

function service(o: Obj): Row {
  const s = o.spec ?? {};
  const ingress = arr(obj(o.status?.loadBalancer).ingress)
    .map((i) => str(i.ip) || str(i.hostname))
    .filter(Boolean);
  const external = [...ingress, ...arr(s.externalIPs).map(String)].join(",");
  const ports = arr(s.ports)
    .map((p) => `${num(p.port)}${p.nodePort ? `:${num(p.nodePort)}` : ""}/${str(p.protocol) || "TCP"}`)
    .join(",");
  const type = str(s.type) || "ClusterIP";
  const pending = type === "LoadBalancer" && !external;
  return {
    status: pending ? "Pending" : "Active",
    tone: pending ? "pending" : "ok",
    cells: [type, str(s.clusterIP), external || "<none>", ports],
  };
}

function ingress(o: Obj): Row {
  const hosts = arr(o.spec?.rules)
    .map((r) => str(r.host) || "*")
    .join(",");
  const address = arr(obj(o.status?.loadBalancer).ingress)
    .map((i) => str(i.ip) || str(i.hostname))
    .join(",");
  const ports = arr(o.spec?.tls).length ? "80, 443" : "80";
  return {
    status: address ? "Active" : "Pending",
    tone: address ? "ok" : "pending",
    cells: [str(o.spec?.ingressClassName), hosts, address, ports],
  };
}

function configMap(o: Obj): Row {
  const count = Object.keys(obj(o.data)).length + Object.keys(obj(o.binaryData)).length;
  return { status: "Active", tone: "ok", cells: [String(count)] };
}

function secret(o: Obj): Row {
  const count = Object.keys(obj(o[SECRET_SIZES])).length;
  return { status: "Active", tone: "ok", cells: [str(o.type), String(count)] };
}

function pvc(o: Obj): Row {
  const phase = str(o.status?.phase) || "Pending";
  return {
    status: phase,
    tone: phase === "Bound" ? "ok" : phase === "Lost" ? "error" : "pending",
    cells: [
      str(o.spec?.volumeName),
      str(obj(o.status?.capacity).storage),
      arr(o.status?.accessModes).map(String).join(","),
      str(o.spec?.storageClassName),
    ],
  };
}

function node(o: Obj): Row {
  const ready = condition(o, "Ready");
  const roles = Object.keys(o.metadata?.labels ?? {})
    .filter((l) => l.startsWith("node-role.kubernetes.io/"))
    .map((l) => l.slice("node-role.kubernetes.io/".length))
    .join(",");
  const cordoned = o.spec?.unschedulable === true;
  const status = `${ready ? "Ready" : "NotReady"}${cordoned ? ",SchedulingDisabled" : ""}`;
  const capacity = obj(o.status?.capacity);
  return {
    status,
    tone: !ready ? "error" : cordoned ? "warning" : "ok",
    cells: [
      roles || "<none>",
      str(obj(o.status?.nodeInfo).kubeletVersion),
      str(capacity.cpu),
      str(capacity.memory),
    ],
  };
}

function event(o: Obj): Row {
  const involved = obj(o.involvedObject);
  const type = str(o.type) || "Normal";
  return {
    status: type,
    tone: type === "Warning" ? "warning" : "ok",
    cells: [
      str(o.reason),
      `${str(involved.kind).toLowerCase()}/${str(involved.name)}`,
      str(o.message),
      String(num(o.count) || 1),
      str(o.lastTimestamp) || str(o.eventTime) || str(o.metadata?.creationTimestamp),
    ],
  };
}

function namespace(o: Obj): Row {
  const phase = str(o.status?.phase) || "Active";
  return { status: phase, tone: phase === "Active" ? "ok" : "pending", cells: [] };
}

function crd(o: Obj): Row {
  const established = condition(o, "Established");
  const names = obj(o.spec?.names);
  return {
    status: established ? "Established" : "Pending",
    tone: established ? "ok" : "pending",
    cells: [
      str(o.spec?.group),
      str(names.kind),
      str(o.spec?.scope),
      arr(o.spec?.versions)
        .filter((v) => v.served)
        .map((v) => str(v.name))
        .join(","),
    ],
  };
}

/** Where a secret's value sizes are kept in the cache (its values never are). */
export const SECRET_SIZES = "clustercordDataSizes";

export const ROWS = {
  pod,
  deployment,
  statefulSet,
  daemonSet,
  replicaSet,
  job,
  cronJob,
  service,
  ingress,
  configMap,
  secret,
  pvc,
  node,
  event,
  namespace,
  crd,
} as const;
