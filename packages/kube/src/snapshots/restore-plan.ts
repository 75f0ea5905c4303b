/**
 * The pure part of a restore: which of a snapshot's objects to apply and in
 * what order (what others depend on first), and how a server-side dry-run's
 * answer reads as a step (create / update / unchanged / conflict) with its
 * field changes. Secrets' changes are named by key, never by value.
 */
import type { FieldChange, RestoreStep } from "@clustercord/contracts";
import { fieldChanges } from "./diff";
import { identityKey, isSecret, stripObject } from "./strip";
import type { ObjectIdentity } from "./types";

type Restorable = ObjectIdentity & { owned?: boolean };

const groupOf = (apiVersion: string) =>
  apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";

/** Kinds by dependency rank (`Kind` or `Kind.group`); anything else (custom resources included) comes after workloads. */
const RANKS: [number, string[]][] = [
  [0, ["Namespace"]],
  [1, ["CustomResourceDefinition.apiextensions.k8s.io"]],
  [
    2,
    [
      "PriorityClass.scheduling.k8s.io",
      "StorageClass.storage.k8s.io",
      "IngressClass.networking.k8s.io",
      "RuntimeClass.node.k8s.io",
      "ClusterRole.rbac.authorization.k8s.io",
      "ClusterRoleBinding.rbac.authorization.k8s.io",
    ],
  ],
  [
    3,
    [
      "ServiceAccount",
      "Role.rbac.authorization.k8s.io",
      "RoleBinding.rbac.authorization.k8s.io",
      "ResourceQuota",
      "LimitRange",
      "NetworkPolicy.networking.k8s.io",
    ],
  ],
  [4, ["ConfigMap", "Secret", "PersistentVolume", "PersistentVolumeClaim"]],
  [5, ["Service"]],
  [
    6,
    [
      "Deployment.apps",
      "StatefulSet.apps",
      "DaemonSet.apps",
      "ReplicaSet.apps",
      "Job.batch",
      "CronJob.batch",
      "Pod",
      "ReplicationController",
    ],
  ],
  // Webhooks last: one whose backend is not back yet would block everything applied after it.
  [
    9,
    [
      "ValidatingWebhookConfiguration.admissionregistration.k8s.io",
      "MutatingWebhookConfiguration.admissionregistration.k8s.io",
    ],
  ],
];
const RANK = new Map<string, number>(
  RANKS.flatMap(([rank, kinds]) => kinds.map((k) => [k, rank] as [string, number])),
);
const OTHER_RANK = 7;

const qualifiedKind = (o: Pick<ObjectIdentity, "apiVersion" | "kind">) => {
  const group = groupOf(o.apiVersion);
  return group ? `${o.kind}.${group}` : o.kind;
};

/** The dependency rank of a kind: lower is applied first. */
export const restoreRank = (o: Pick<ObjectIdentity, "apiVersion" | "kind">) =>
  RANK.get(qualifiedKind(o)) ?? OTHER_RANK;

export interface RestoreFilter {
  /** Only these namespaces (their objects and the Namespace objects); cluster-scoped kinds are then left out. */
  namespaces?: readonly string[];
  /** Only these kinds: `Deployment`, `deployment`, or `Deployment.apps` (case does not matter). */
  kinds?: readonly string[];
}

/** Whether an object is chosen by the filter (owned or not). */
export function selected(o: ObjectIdentity, filter: RestoreFilter): boolean {
  if (filter.namespaces?.length) {
    const isNamespace = o.kind === "Namespace" && o.apiVersion === "v1";
    if (!filter.namespaces.includes(isNamespace ? o.name : o.namespace) || (!isNamespace && !o.namespace))
      return false;
  }
  if (filter.kinds?.length) {
    const names = new Set(filter.kinds.map((k) => k.toLowerCase()));
    if (!names.has(o.kind.toLowerCase()) && !names.has(qualifiedKind(o).toLowerCase())) return false;
  }
  return true;
}

/**
 * The snapshot's objects to apply, in dependency order, filtered by the
 * selection; owned objects (Pods of a Deployment, ...) are left out: their
 * controllers recreate them.
 */
export function planRestoreOrder<T extends Restorable>(
  objects: readonly T[],
  filter: RestoreFilter = {},
): T[] {
  return objects
    .filter((o) => !o.owned && selected(o, filter))
    .map((o) => ({ o, rank: restoreRank(o) }))
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        a.o.namespace.localeCompare(b.o.namespace) ||
        a.o.kind.localeCompare(b.o.kind) ||
        a.o.name.localeCompare(b.o.name),
    )
    .map(({ o }) => o);
}

/**
 * Live objects of the chosen namespaces/kinds that the snapshot does not
 * hold (created since): what "delete newer" would delete. Never Namespaces
 * or CRDs (deleting one deletes everything in it), never owned objects.
 */
export function newerObjects<T extends Restorable>(
  snapshot: readonly Restorable[],
  live: readonly T[],
  filter: RestoreFilter = {},
): T[] {
  const kept = new Set(snapshot.map(identityKey));
  const kindsInSnapshot = new Set(snapshot.map(qualifiedKind));
  return live.filter(
    (o) =>
      !o.owned &&
      !kept.has(identityKey(o)) &&
      o.kind !== "Namespace" &&
      o.kind !== "CustomResourceDefinition" &&
      // Without a kind filter: only kinds the snapshot knows (a kind added since is not the snapshot's business).
      (filter.kinds?.length ? true : kindsInSnapshot.has(qualifiedKind(o))) &&
      selected(o, filter),
  );
}

/** A server-side dry-run's answer for one object, as the I/O side reports it. */
export type DryRunAnswer =
  | {
      ok: true;
      /** The object as it would be after the apply. */
      result: Record<string, unknown>;
      /** The live object before, null when it does not exist. */
      live: Record<string, unknown> | null;
      /** The apply only goes through by taking fields over from other field managers (named). */
      takesOverFrom?: string[];
    }
  | { ok: false; reason: string };

const refOf = (o: ObjectIdentity) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: o.namespace,
  name: o.name,
});

/** The changes a Secret's apply would make, by key name only. */
function secretFieldChanges(live: Record<string, unknown>, result: Record<string, unknown>): FieldChange[] {
  const strip = (o: Record<string, unknown>) => {
    const { data: _d, stringData: _s, ...rest } = stripObject(o, { apiVersion: "v1", kind: "Secret" });
    return rest;
  };
  const fields = fieldChanges(strip(live), strip(result));
  const before = (live.data ?? {}) as Record<string, string>;
  const after = (result.data ?? {}) as Record<string, string>;
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (before[key] === after[key]) continue;
    // No from/to: the path says which key, the values stay out.
    fields.push({ path: `data[${JSON.stringify(key)}]` });
  }
  return fields;
}

/** One restore step from a dry-run answer. */
export function classifyDryRun(ref: ObjectIdentity, answer: DryRunAnswer): RestoreStep {
  if (!answer.ok) return { ...refOf(ref), action: "conflict", reason: answer.reason };
  if (!answer.live) return { ...refOf(ref), action: "create" };
  const kind = { apiVersion: ref.apiVersion, kind: ref.kind };
  const fields = isSecret(ref)
    ? secretFieldChanges(answer.live, answer.result)
    : fieldChanges(stripObject(answer.live, kind), stripObject(answer.result, kind));
  if (!fields.length) return { ...refOf(ref), action: "unchanged" };
  const reason = answer.takesOverFrom?.length
    ? `takes over fields from ${answer.takesOverFrom.join(", ")}`
    : undefined;
  return { ...refOf(ref), action: "update", fields, ...(reason ? { reason } : {}) };
}

/**
 * Whether every field `desired` sets already has that value in `live`: then
 * applying it changes nothing, and the restore skips it without a request
 * (so objects a person may read but not change, like a tenant's quota, are
 * "unchanged", not refused).
 */
export function isCoveredBy(desired: unknown, live: unknown): boolean {
  if (desired === live) return true;
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      desired.length === live.length &&
      desired.every((d, i) => isCoveredBy(d, live[i]))
    );
  }
  if (desired !== null && typeof desired === "object") {
    if (live === null || typeof live !== "object" || Array.isArray(live)) return false;
    const l = live as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(
      ([k, v]) => v === undefined || isCoveredBy(v, l[k]),
    );
  }
  return false;
}

/** Counts of steps per action, every action present. */
export function countSteps(steps: readonly RestoreStep[]): Record<RestoreStep["action"], number> {
  const counts = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0 };
  for (const s of steps) counts[s.action] += 1;
  return counts;
}
