/**
 * What every rollout view reads from a workload and its revision sets
 * (ReplicaSets of a Deployment, ControllerRevisions of a StatefulSet or
 * DaemonSet): revision numbers, pod templates, images, ownership. Pure:
 * plain JSON objects in (cached objects or API answers), plain data out.
 */
import type { RolloutKind } from "@clustercord/contracts";
import { arr, type Json, num, type Obj, obj, str } from "../resources/rows";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
/** Set by the Deployment controller on a ReplicaSet that came back: the revisions it held before. */
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
export const CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";

export const iso = (value: unknown): string | null =>
  value instanceof Date ? value.toISOString() : typeof value === "string" && value ? value : null;

const int = (value: unknown): number => {
  const n = typeof value === "number" ? value : Number.parseInt(str(value), 10);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
};

const annotation = (o: Obj, key: string): string | undefined => o.metadata?.annotations?.[key];

/** The workload's kind, from its own `kind` (cached objects carry it), else the one asked for. */
export const kindOf = (o: Obj, fallback: RolloutKind): RolloutKind =>
  o.kind === "StatefulSet" || o.kind === "DaemonSet" || o.kind === "Deployment" ? o.kind : fallback;

/** `deployment "api"`, `statefulset "db"`, `daemon set "agent"`: as kubectl names them in its messages. */
export const kubectlName = (kind: RolloutKind, name: string): string =>
  `${kind === "Deployment" ? "deployment" : kind === "StatefulSet" ? "statefulset" : "daemon set"} "${name}"`;

/** Whether `o`'s controller is the object with `uid`. */
export const controlledBy = (o: Obj, uid: string | undefined): boolean =>
  !!uid && (o.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === uid);

/** A set's revision: the ReplicaSet's annotation, the ControllerRevision's `revision` field. */
export const setRevision = (set: Obj): number =>
  set.kind === "ControllerRevision" || "revision" in set
    ? int(set.revision)
    : int(annotation(set, REVISION_ANNOTATION));

/** The pod template a set holds: a ReplicaSet's spec.template, a ControllerRevision's data.spec.template. */
export function setTemplate(set: Obj): Json {
  if (set.kind === "ControllerRevision" || "data" in set) return obj(obj(obj(set.data).spec).template);
  return obj(set.spec?.template);
}

/** The pod template without what the controllers add to it (pod-template-hash, the `$patch` marker). */
export function bareTemplate(template: Json): Json {
  const metadata = { ...obj(template.metadata) };
  const labels = { ...obj(metadata.labels) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  if (Object.keys(labels).length) metadata.labels = labels;
  else delete metadata.labels;
  if (metadata.creationTimestamp === null) delete metadata.creationTimestamp;
  const bare: Json = { ...template, metadata };
  delete bare.$patch;
  if (!Object.keys(metadata).length) delete bare.metadata;
  return bare;
}

/** The images of a template's containers, in order (init containers are not what a rollout ships). */
export const templateImages = (template: Json): string[] =>
  arr(obj(template.spec).containers)
    .map((c) => str(c.image))
    .filter(Boolean);

/** A stable text form of plain JSON (keys sorted), for equality of templates. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Json)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value ?? null);
}

/** The workload's own revision: a Deployment's annotation; for the others, their update revision's number. */
export function workloadRevision(kind: RolloutKind, workload: Obj, sets: readonly Obj[]): number {
  if (kind === "Deployment") return int(annotation(workload, REVISION_ANNOTATION));
  const current = currentSet(kind, workload, sets);
  return current ? setRevision(current) : 0;
}

/**
 * The set that holds the workload's current template: for a Deployment the
 * ReplicaSet with its revision (or, before the controller has written one,
 * the same template); for a StatefulSet status.updateRevision; for a
 * DaemonSet the ControllerRevision with the highest revision.
 */
export function currentSet(kind: RolloutKind, workload: Obj, sets: readonly Obj[]): Obj | undefined {
  if (kind === "Deployment") {
    const revision = int(annotation(workload, REVISION_ANNOTATION));
    const byRevision = revision ? sets.find((s) => setRevision(s) === revision) : undefined;
    if (byRevision) return byRevision;
    const wanted = canonical(bareTemplate(obj(workload.spec?.template)));
    return sets.find((s) => canonical(bareTemplate(setTemplate(s))) === wanted);
  }
  if (kind === "StatefulSet") {
    const name = str(workload.status?.updateRevision);
    return sets.find((s) => s.metadata?.name === name);
  }
  return [...sets].sort((a, b) => setRevision(b) - setRevision(a))[0];
}

/** The sets a workload controls, newest revision first. */
export const ownedSets = (workload: Obj, sets: Iterable<Obj>): Obj[] =>
  [...sets]
    .filter((s) => controlledBy(s, workload.metadata?.uid))
    .sort((a, b) => setRevision(b) - setRevision(a));

/** Whether a pod runs from a ControllerRevision: its hash label is the revision's name, or `<workload>-<hash>` (DaemonSets). */
export function podAtRevision(pod: Obj, workloadName: string, revisionName: string): boolean {
  const hash = pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  return !!hash && (hash === revisionName || `${workloadName}-${hash}` === revisionName);
}

export const podReady = (pod: Obj): boolean =>
  arr(pod.status?.conditions).some((c) => c.type === "Ready" && c.status === "True");

export const specReplicas = (workload: Obj): number =>
  typeof workload.spec?.replicas === "number" ? workload.spec.replicas : 1;

export { num };
