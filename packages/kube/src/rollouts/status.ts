/**
 * Where a rollout stands, as `kubectl rollout status` judges it, plus what a
 * person watching it wants beside the sentence: replica counts, conditions,
 * the new and old revision sets, recent events. Pure: the workload, its sets,
 * pods and events in (plain JSON, e.g. from the watch caches), the answer out.
 */
import type { RolloutKind, RolloutPhase, RolloutsStatusOutput } from "@clustercord/contracts";
import { arr, type Json, num, type Obj, str } from "../resources/rows";
import {
  controlledBy,
  currentSet,
  iso,
  kindOf,
  kubectlName,
  ownedSets,
  podAtRevision,
  podReady,
  setRevision,
  setTemplate,
  specReplicas,
  templateImages,
  workloadRevision,
} from "./revisions";

export type RolloutStatus = Omit<RolloutsStatusOutput, "canary">;
type Replicas = RolloutStatus["replicas"];
type RevisionSet = RolloutStatus["sets"][number];
type Event = RolloutStatus["events"][number];

export interface RolloutStatusInput {
  /** The Deployment, StatefulSet or DaemonSet. */
  workload: Obj;
  /** Used when the workload carries no `kind` (typed API answers do not). */
  kind?: RolloutKind;
  /** ReplicaSets (Deployment) or ControllerRevisions (the others) of its namespace: the workload's own are picked here. */
  sets: Iterable<Obj>;
  /** Pods of its namespace: those of the workload (through its ReplicaSets, or directly) are picked here. */
  pods: Iterable<Obj>;
  /** Events of its namespace: those about the workload, its sets and its pods are picked here. */
  events: Iterable<Obj>;
  now: Date;
}

export const MAX_ROLLOUT_EVENTS = 20;

interface Verdict {
  phase: RolloutPhase;
  message: string;
}

const observed = (w: Obj) =>
  num(w.metadata && (w.metadata as Json).generation) <= num(w.status?.observedGeneration);

function deploymentVerdict(w: Obj, name: string): Verdict {
  const who = kubectlName("Deployment", name);
  const desired = specReplicas(w);
  const updated = num(w.status?.updatedReplicas);
  // The person's pause shows at once, before the controller has observed it (it then holds the rollout).
  if (w.spec?.paused === true)
    return {
      phase: "paused",
      message: `${who} rollout is paused: ${updated} out of ${desired} new replicas have been updated`,
    };
  if (!observed(w))
    return { phase: "progressing", message: "Waiting for deployment spec update to be observed..." };
  const progressing = arr(w.status?.conditions).find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded")
    return { phase: "failed", message: `${who} exceeded its progress deadline` };
  const total = num(w.status?.replicas);
  const available = num(w.status?.availableReplicas);
  if (updated < desired)
    return {
      phase: "progressing",
      message: `Waiting for ${who} rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
    };
  if (total > updated)
    return {
      phase: "progressing",
      message: `Waiting for ${who} rollout to finish: ${total - updated} old replicas are pending termination...`,
    };
  if (available < updated)
    return {
      phase: "progressing",
      message: `Waiting for ${who} rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  return { phase: "complete", message: `${who} successfully rolled out` };
}

const rollingOnly = (w: Obj): Verdict | null =>
  str((w.spec?.updateStrategy as Json | undefined)?.type || "RollingUpdate") === "RollingUpdate"
    ? null
    : { phase: "complete", message: "rollout status is only available for RollingUpdate strategy type" };

function statefulSetVerdict(w: Obj): Verdict {
  const onDelete = rollingOnly(w);
  if (onDelete) return onDelete;
  if (!num(w.status?.observedGeneration) || !observed(w))
    return { phase: "progressing", message: "Waiting for statefulset spec update to be observed..." };
  const desired = specReplicas(w);
  const ready = num(w.status?.readyReplicas);
  if (ready < desired)
    return { phase: "progressing", message: `Waiting for ${desired - ready} pods to be ready...` };
  const rolling = (w.spec?.updateStrategy as Json | undefined)?.rollingUpdate as Json | undefined;
  const updated = num(w.status?.updatedReplicas);
  if (rolling) {
    const partition = num(rolling.partition);
    if (updated < desired - partition)
      return {
        phase: "progressing",
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${desired - partition} new pods have been updated...`,
      };
    return {
      phase: "complete",
      message: `partitioned roll out complete: ${updated} new pods have been updated...`,
    };
  }
  const update = str(w.status?.updateRevision);
  if (update !== str(w.status?.currentRevision))
    return {
      phase: "progressing",
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${update}...`,
    };
  return {
    phase: "complete",
    message: `statefulset rolling update complete ${num(w.status?.replicas)} pods at revision ${update}...`,
  };
}

function daemonSetVerdict(w: Obj, name: string): Verdict {
  const onDelete = rollingOnly(w);
  if (onDelete) return onDelete;
  const who = kubectlName("DaemonSet", name);
  if (!observed(w))
    return { phase: "progressing", message: "Waiting for daemon set spec update to be observed..." };
  const desired = num(w.status?.desiredNumberScheduled);
  const updated = num(w.status?.updatedNumberScheduled);
  const available = num(w.status?.numberAvailable);
  if (updated < desired)
    return {
      phase: "progressing",
      message: `Waiting for ${who} rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    };
  if (available < desired)
    return {
      phase: "progressing",
      message: `Waiting for ${who} rollout to finish: ${available} of ${desired} updated pods are available...`,
    };
  return { phase: "complete", message: `${who} successfully rolled out` };
}

function replicasOf(kind: RolloutKind, w: Obj): Replicas {
  const s = w.status ?? {};
  if (kind === "DaemonSet")
    return {
      desired: num(s.desiredNumberScheduled),
      updated: num(s.updatedNumberScheduled),
      ready: num(s.numberReady),
      available: num(s.numberAvailable),
      unavailable: num(s.numberUnavailable),
    };
  const desired = specReplicas(w);
  const available = num(s.availableReplicas);
  return {
    desired,
    updated: num(s.updatedReplicas),
    ready: num(s.readyReplicas),
    available,
    unavailable: kind === "Deployment" ? num(s.unavailableReplicas) : Math.max(0, desired - available),
  };
}

const conditionsOf = (w: Obj): RolloutStatus["conditions"] =>
  arr(w.status?.conditions).map((c) => ({
    type: str(c.type),
    status: str(c.status),
    reason: str(c.reason),
    message: str(c.message),
    lastUpdate: iso(c.lastUpdateTime) ?? iso(c.lastTransitionTime),
  }));

/** The workload's pods: through its ReplicaSets for a Deployment, directly for the others. */
function podsOf(kind: RolloutKind, w: Obj, sets: readonly Obj[], pods: Iterable<Obj>): Obj[] {
  const owners = kind === "Deployment" ? sets.map((s) => s.metadata?.uid) : [w.metadata?.uid];
  const mine: Obj[] = [];
  for (const pod of pods) if (owners.some((uid) => controlledBy(pod, uid))) mine.push(pod);
  return mine;
}

/** New and old sets: the current one, and any other that still has or wants pods. */
function revisionSets(kind: RolloutKind, w: Obj, sets: readonly Obj[], pods: readonly Obj[]): RevisionSet[] {
  const current = currentSet(kind, w, sets);
  const name = w.metadata?.name ?? "";
  const out: RevisionSet[] = [];
  for (const set of sets) {
    const role = set === current ? "new" : "old";
    let desired: number;
    let ready: number;
    if (kind === "Deployment") {
      desired = num(set.spec?.replicas);
      ready = num(set.status?.readyReplicas);
      if (role === "old" && desired === 0 && num(set.status?.replicas) === 0) continue;
    } else {
      const at = pods.filter((p) => podAtRevision(p, name, set.metadata?.name ?? ""));
      desired = at.length;
      ready = at.filter(podReady).length;
      if (role === "old" && at.length === 0) continue;
    }
    out.push({
      name: set.metadata?.name ?? "",
      revision: setRevision(set),
      images: templateImages(setTemplate(set)),
      desired,
      ready,
      role,
    });
  }
  return out;
}

const eventTime = (e: Obj): string | null =>
  iso(e.lastTimestamp) ??
  iso(e.eventTime) ??
  iso((e.series as Json | undefined)?.lastObservedTime) ??
  iso(e.metadata?.creationTimestamp);

/** Events about any of `uids`, newest first, at most MAX_ROLLOUT_EVENTS. */
function eventsAbout(uids: ReadonlySet<string>, events: Iterable<Obj>): Event[] {
  const about: Event[] = [];
  for (const e of events) {
    const involved = (e.involvedObject ?? {}) as Json;
    if (!uids.has(str(involved.uid))) continue;
    about.push({
      type: str(e.type) || "Normal",
      reason: str(e.reason),
      message: str(e.message),
      object: `${str(involved.kind)} ${str(involved.name)}`.trim(),
      count: num(e.count) || num((e.series as Json | undefined)?.count) || 1,
      lastSeen: eventTime(e),
    });
  }
  return about
    .sort((a, b) => (b.lastSeen ?? "").localeCompare(a.lastSeen ?? ""))
    .slice(0, MAX_ROLLOUT_EVENTS);
}

/** The rollout of one workload, judged as kubectl does (see the module comment). */
export function rolloutStatus(input: RolloutStatusInput): RolloutStatus {
  const w = input.workload;
  const kind = kindOf(w, input.kind ?? "Deployment");
  const name = w.metadata?.name ?? "";
  const sets = ownedSets(w, input.sets);
  const pods = podsOf(kind, w, sets, input.pods);
  const verdict =
    kind === "Deployment"
      ? deploymentVerdict(w, name)
      : kind === "StatefulSet"
        ? statefulSetVerdict(w)
        : daemonSetVerdict(w, name);
  const uids = new Set(
    [w, ...sets, ...pods].map((o) => o.metadata?.uid).filter((uid): uid is string => !!uid),
  );
  return {
    kind,
    namespace: w.metadata?.namespace ?? "",
    name,
    phase: verdict.phase,
    message: verdict.message,
    paused: kind === "Deployment" && w.spec?.paused === true,
    revision: workloadRevision(kind, w, sets),
    images: templateImages((w.spec?.template ?? {}) as Json),
    replicas: replicasOf(kind, w),
    conditions: conditionsOf(w),
    sets: revisionSets(kind, w, sets, pods),
    events: eventsAbout(uids, input.events),
    observedAt: input.now.toISOString(),
  };
}
