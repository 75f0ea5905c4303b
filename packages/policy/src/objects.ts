import type { FieldPath } from "./path";

/**
 * Just enough of Kubernetes' object shapes for the rules. Input comes from
 * people's YAML as well as from the cluster, so every field is optional and
 * every reader checks types before trusting them.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  [key: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion?: string; kind?: string; name?: string; controller?: boolean }[];
}

export type Record_ = Record<string, unknown>;

export const isRecord = (v: unknown): v is Record_ =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The workload kinds whose pods the rules look at. */
export const workloadKinds = [
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

export const isWorkloadKind = (kind: unknown): kind is WorkloadKind =>
  typeof kind === "string" && (workloadKinds as readonly string[]).includes(kind);

/** Where each kind keeps its pod spec (CronJob's is two templates deep). */
const podSpecPaths: Record<WorkloadKind, FieldPath> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** Follow keys/indices; undefined as soon as one is missing. */
export function getIn(value: unknown, path: FieldPath): unknown {
  let cur = value;
  for (const key of path) {
    if (typeof key === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[key];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = cur[key];
    }
  }
  return cur;
}

export interface PodSpecRef {
  kind: WorkloadKind;
  spec: Record_;
  path: FieldPath;
}

/** The pod spec of a Pod or workload, with its path; null for other kinds or a malformed object. */
export function findPodSpec(object: KubeObject): PodSpecRef | null {
  if (!isWorkloadKind(object.kind)) return null;
  const path = podSpecPaths[object.kind];
  const spec = getIn(object, path);
  return isRecord(spec) ? { kind: object.kind, spec, path } : null;
}

/** The pod template's labels (a Pod's own labels). */
export function podLabels(object: KubeObject): Record<string, string> {
  if (!isWorkloadKind(object.kind)) return {};
  const metaPath =
    object.kind === "Pod" ? ["metadata"] : podSpecPaths[object.kind].slice(0, -1).concat("metadata");
  const labels = getIn(object, [...metaPath, "labels"]);
  return isRecord(labels) ? (labels as Record<string, string>) : {};
}

export type ContainerList = "containers" | "initContainers";

export interface ContainerRef {
  container: Record_;
  name: string;
  list: ContainerList;
  index: number;
  /** Path of the container itself, e.g. spec.template.spec.containers[0]. */
  path: FieldPath;
}

/**
 * The containers the policies judge: regular and init containers. Ephemeral
 * containers are left out on purpose (they come through a subresource the
 * admission policies do not match, and debugging often needs root).
 */
export function containersOf(
  pod: PodSpecRef,
  lists: readonly ContainerList[] = ["containers", "initContainers"],
) {
  const out: ContainerRef[] = [];
  for (const list of lists) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, index) => {
      if (!isRecord(container)) return;
      const name = typeof container.name === "string" ? container.name : `#${index}`;
      out.push({ container, name, list, index, path: [...pod.path, list, index] });
    });
  }
  return out;
}

/** A Pod started by a Job (or CronJob) controller. */
export const isJobPod = (object: KubeObject) =>
  object.kind === "Pod" && (object.metadata?.ownerReferences ?? []).some((r) => r?.kind === "Job");

export const namespaceOf = (object: KubeObject) => object.metadata?.namespace ?? "";
export const nameOf = (object: KubeObject) => object.metadata?.name ?? "";
