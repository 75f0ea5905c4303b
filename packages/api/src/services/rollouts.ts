/**
 * One workload's rollout as the person sees it (rollouts.history here; the
 * status in rollouts-status.ts, the changes in rollouts-actions.ts and
 * rollouts-undo.ts). The cluster must be the guild's (or granted to it) and the
 * namespace one of theirs; then objects come from the shared watch caches
 * where the cluster says (as them) that they may list that kind there, and
 * otherwise from direct reads as them. The judgement is the pure
 * @clustercord/kube rollouts module's.
 */
import {
  AppError,
  type RolloutKind,
  type RolloutsHistoryOutput,
  type RolloutTarget,
} from "@clustercord/contracts";
import {
  type Obj,
  RESOURCE_TYPES,
  type ResourceType,
  readRolloutObjects,
  readWorkloadAs,
  rolloutHistory,
} from "@clustercord/kube";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ApiDeps } from "../context";
import { openActorCluster, personKubeConfig } from "./actor-cluster";
import { notFound } from "./pod-logs";
import {
  type Actor,
  mayList,
  type OpenedCluster,
  settled,
  sharedCache,
  visibleNamespaces,
} from "./read-access";

/** A rollout target after its schema: the kind defaulted. */
export type Target = Omit<RolloutTarget, "kind"> & { kind: RolloutKind };

const CONTROLLER_REVISIONS: ResourceType = { group: "apps", version: "v1", resource: "controllerrevisions" };

const WORKLOAD_TYPES: Record<RolloutKind, ResourceType> = {
  Deployment: RESOURCE_TYPES.deployments,
  StatefulSet: RESOURCE_TYPES.statefulsets,
  DaemonSet: RESOURCE_TYPES.daemonsets,
};

/** A rollout opened for a person: the cluster, and a client that acts as them. */
export interface OpenedRollout {
  cluster: OpenedCluster;
  kc: KubeConfig;
  target: Target;
}

export const noSuchWorkload = (t: Pick<Target, "kind" | "name" | "namespace">) =>
  new AppError("NOT_FOUND", { userMessage: `No ${t.kind} ${t.name} in namespace ${t.namespace}.` });

/** The cluster and namespace checks every rollout procedure starts with (others' namespaces are NOT_FOUND). */
export async function openRollout(deps: ApiDeps, actor: Actor, target: Target): Promise<OpenedRollout> {
  const cluster = await openActorCluster(deps, actor, target.clusterId);
  if (!(await visibleNamespaces(deps, actor, cluster)).includes(target.namespace)) throw notFound();
  return { cluster, kc: personKubeConfig(deps, actor, cluster), target };
}

/** The workload read now, as the person; NOT_FOUND in words when it does not exist. */
export async function readWorkload(opened: OpenedRollout): Promise<Obj> {
  const { kc, target } = opened;
  return readWorkloadAs(kc, target.kind, target.namespace, target.name).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? noSuchWorkload(target) : error;
  });
}

/** `type`'s objects in `namespace` from the shared cache, or null when the person may not list them there or it cannot answer. */
async function cachedIn(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  type: ResourceType,
  namespace: string,
): Promise<ReadonlyMap<string, Obj> | null> {
  if (!(await mayList(deps, actor, cluster, type, namespace).catch(() => false))) return null;
  const cache = await settled(sharedCache<Obj>(deps, cluster, type));
  if (cache.state.status !== "ready" && cache.state.status !== "stale") return null;
  return cache.snapshot().items;
}

const inNamespace = (items: ReadonlyMap<string, Obj>, namespace: string): Obj[] => {
  const out: Obj[] = [];
  for (const o of items.values()) if (o.metadata?.namespace === namespace) out.push(o);
  return out;
};

export interface RolloutObjects {
  workload: Obj;
  sets: Obj[];
  pods: Obj[];
  events: Obj[];
}

/**
 * The workload and what its rollout view needs. `workload` given (e.g. as a
 * PATCH answered it) is used as is; otherwise the cache's copy, or a direct
 * read when the cache does not hold it (yet). `need` limits the reads.
 */
export async function rolloutObjects(
  deps: ApiDeps,
  actor: Actor,
  opened: OpenedRollout,
  options: { workload?: Obj; need?: "sets" | "all" } = {},
): Promise<RolloutObjects> {
  const { cluster, target } = opened;
  const ns = target.namespace;
  const setType = target.kind === "Deployment" ? RESOURCE_TYPES.replicasets : CONTROLLER_REVISIONS;
  const all = options.need !== "sets";
  const [workloads, sets, pods, events] = await Promise.all([
    options.workload ? null : cachedIn(deps, actor, cluster, WORKLOAD_TYPES[target.kind], ns),
    cachedIn(deps, actor, cluster, setType, ns),
    all ? cachedIn(deps, actor, cluster, RESOURCE_TYPES.pods, ns) : new Map<string, Obj>(),
    all ? cachedIn(deps, actor, cluster, RESOURCE_TYPES.events, ns) : new Map<string, Obj>(),
  ]);
  const workload = options.workload ?? workloads?.get(`${ns}/${target.name}`) ?? (await readWorkload(opened));
  if (sets && pods && events)
    return {
      workload,
      sets: inNamespace(sets, ns),
      pods: inNamespace(pods, ns),
      events: inNamespace(events, ns),
    };
  const direct = await readRolloutObjects(opened.kc, target.kind, workload);
  return { workload, ...direct };
}

export async function listRolloutHistory(
  deps: ApiDeps,
  actor: Actor,
  target: Target,
): Promise<RolloutsHistoryOutput> {
  const opened = await openRollout(deps, actor, target);
  const { workload, sets } = await rolloutObjects(deps, actor, opened, { need: "sets" });
  return rolloutHistory(workload, sets, target.kind);
}
