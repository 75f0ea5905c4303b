import { AppError, type PodSummary, type PodsListOutput, type Role } from "@clustercord/contracts";
import {
  type CacheLease,
  canI,
  impersonatedKubeConfig,
  impersonationFor,
  listVisibleNamespaces,
  RESOURCE_TYPES,
  type ResourceCache,
  type ResourceCaches,
  type SelectedContext,
  toKubeConfig,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openCluster } from "./clusters";
import { type PodLike, summarizePod } from "./pod-summary";

export type Actor = { userId: string; guildId: string; role: Role };
export type PodObject = PodLike & { metadata?: PodLike["metadata"] & { resourceVersion?: string } };

/** How long an actor's "may list pods in these namespaces" answer is reused. */
export const ACCESS_TTL_MS = 10_000;
/** How long a first reader waits for a cluster's pods cache to fill before answering "syncing". */
const FIRST_SYNC_WAIT_MS = 10_000;

interface RegistryState {
  /** One lease per cluster on its all-namespaces pods cache, held while the cluster is in use. */
  pods: Map<string, CacheLease<PodObject>>;
  /** `cluster|guild|user|role|namespace` -> the cluster's answer, kept ACCESS_TTL_MS. */
  access: Map<string, { expires: number; allowed: Promise<boolean> }>;
}
const registries = new WeakMap<ResourceCaches, RegistryState>();
function stateOf(caches: ResourceCaches): RegistryState {
  let state = registries.get(caches);
  if (!state) {
    state = { pods: new Map(), access: new Map() };
    registries.set(caches, state);
  }
  return state;
}

/** The cluster's pods cache (all namespaces, ClusterCord's own credentials), started on first use. */
export function podsCache(
  deps: ApiDeps,
  clusterId: string,
  selected: SelectedContext,
): ResourceCache<PodObject> {
  const state = stateOf(deps.caches);
  let lease = state.pods.get(clusterId);
  if (!lease) {
    lease = deps.caches.acquire<PodObject>(clusterId, {
      kubeConfig: toKubeConfig(selected),
      resource: RESOURCE_TYPES.pods,
    });
    state.pods.set(clusterId, lease);
  }
  return lease.cache;
}

/** Stops a cluster's caches and forgets its access answers (e.g. when the cluster is removed). */
export function forgetClusterCaches(deps: ApiDeps, clusterId: string): void {
  const state = stateOf(deps.caches);
  state.pods.get(clusterId)?.release();
  state.pods.delete(clusterId);
  for (const key of state.access.keys()) if (key.startsWith(`${clusterId}|`)) state.access.delete(key);
  deps.caches.stopCluster(clusterId);
}

/**
 * Whether the person may list pods in `namespace`, asked of the cluster as
 * them (impersonated): the namespace must be one of theirs (listNamespaces)
 * and RBAC must allow `list pods` there. Reused for ACCESS_TTL_MS.
 */
function mayListPods(
  deps: ApiDeps,
  actor: Actor,
  cluster: { id: string; shared: boolean; selected: SelectedContext },
  namespace: string,
): Promise<boolean> {
  const { access } = stateOf(deps.caches);
  const key = [cluster.id, actor.guildId, actor.userId, actor.role, namespace].join("|");
  const now = Date.now();
  const held = access.get(key);
  if (held && held.expires > now) return held.allowed;
  if (access.size > 10_000) {
    for (const [k, v] of access) if (v.expires <= now) access.delete(k);
  }
  const kc = impersonatedKubeConfig(cluster.selected, impersonationFor(actor));
  const allowed = (async () => {
    const mine = await listVisibleNamespaces(kc, {
      shared: cluster.shared,
      guildId: actor.guildId,
      userId: actor.userId,
    });
    if (!mine.includes(namespace)) return false;
    return canI(kc, { verb: "list", resource: "pods", namespace });
  })();
  access.set(key, { expires: now + ACCESS_TTL_MS, allowed });
  // A failed question is not an answer: ask again next time.
  allowed.catch(() => {
    if (access.get(key)?.allowed === allowed) access.delete(key);
  });
  return allowed;
}

const notYours = () =>
  new AppError("FORBIDDEN", { userMessage: "You may not list pods in that namespace on this cluster." });

/** One namespace: by name. */
const byName = (a: PodSummary, b: PodSummary) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The cluster's shared pods cache, for a person the cluster lets list pods in
 * `namespace` (tenancy first: another guild's cluster is NOT_FOUND).
 */
export async function authorizePodsRead(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
  namespace: string,
): Promise<ResourceCache<PodObject>> {
  const { record, selected } = await openCluster(deps, actor.guildId, clusterId);
  const allowed = await mayListPods(
    deps,
    actor,
    { id: record.id, shared: record.shared, selected },
    namespace,
  );
  if (!allowed) throw notYours();
  return podsCache(deps, record.id, selected);
}

/** Whether a cache change (key `namespace/name`) is in `namespace`. */
export const inNamespace = (key: string, namespace: string) => key.startsWith(`${namespace}/`);

/**
 * Pods of one namespace, served from the cluster's shared watch-backed cache
 * and only to a person the cluster lets list pods there.
 */
export async function listPods(
  deps: ApiDeps,
  actor: Actor,
  input: {
    clusterId: string;
    namespace: string;
    search?: string | undefined;
    cursor?: number | undefined;
    limit: number;
  },
): Promise<PodsListOutput> {
  const cache = await authorizePodsRead(deps, actor, input.clusterId, input.namespace);
  if (cache.state.status === "syncing") await cache.whenReady(FIRST_SYNC_WAIT_MS).catch(() => undefined);
  const search = input.search?.toLowerCase();
  const matching: PodSummary[] = [];
  for (const pod of cache.snapshot().items.values()) {
    if (pod.metadata?.namespace !== input.namespace) continue;
    const row = summarizePod(pod);
    if (
      search &&
      !row.name.toLowerCase().includes(search) &&
      !row.node.toLowerCase().includes(search) &&
      !row.status.toLowerCase().includes(search)
    )
      continue;
    matching.push(row);
  }
  matching.sort(byName);
  const start = input.cursor ?? 0;
  const end = start + input.limit;
  return {
    pods: matching.slice(start, end),
    total: matching.length,
    nextCursor: end < matching.length ? end : null,
    state: cache.state.status,
    resourceVersion: cache.resourceVersion,
  };
}
