/**
 * Reads served from the shared watch-backed caches, authorized per person:
 * the cache is filled with ClusterCord's credentials, so every answer first
 * asks the cluster, as the impersonated person, whether they may list that
 * resource there (SelfSubjectAccessReview), and on a shared cluster only in
 * their own namespaces. Answers are reused for ACCESS_TTL_MS.
 */
import {
  canI,
  impersonatedKubeConfig,
  impersonationFor,
  type KubeObject,
  listGuildNamespaces,
  listVisibleNamespaces,
  type Prepare,
  type ResourceCache,
  type ResourceType,
  type SelectedContext,
  toKubeConfig,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import type { Actor } from "./actor";

export type { Actor } from "./actor";
export interface OpenedCluster {
  id: string;
  shared: boolean;
  selected: SelectedContext;
}

/** How long an actor's "may list X in Y" answer is reused. */
export const ACCESS_TTL_MS = 10_000;

type Answer<T> = { expires: number; value: Promise<T> };
const answers = new WeakMap<ApiDeps["caches"], Map<string, Answer<unknown>>>();

function remembered<T>(deps: ApiDeps, key: string, ask: () => Promise<T>): Promise<T> {
  let map = answers.get(deps.caches);
  if (!map) {
    map = new Map();
    answers.set(deps.caches, map);
  }
  const now = Date.now();
  const held = map.get(key);
  if (held && held.expires > now) return held.value as Promise<T>;
  if (map.size > 10_000) for (const [k, v] of map) if (v.expires <= now) map.delete(k);
  const value = ask();
  const entry = { expires: now + ACCESS_TTL_MS, value };
  map.set(key, entry);
  // A failed question is not an answer: ask again next time.
  value.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  return value;
}

/** Forgets a cluster's answers (e.g. when it is removed). */
export function forgetAccess(deps: ApiDeps, clusterId: string): void {
  const map = answers.get(deps.caches);
  if (map) for (const key of map.keys()) if (key.startsWith(`${clusterId}|`)) map.delete(key);
}

const who = (cluster: OpenedCluster, actor: Actor) => [cluster.id, actor.guildId, actor.userId, actor.role];

/**
 * On a shared cluster, the guild's further namespaces (listGuildNamespaces,
 * read with ClusterCord's credentials): candidates only, the person's own
 * read in listVisibleNamespaces decides.
 */
export async function extraNamespaceCandidates(
  deps: ApiDeps,
  cluster: Pick<OpenedCluster, "shared" | "selected">,
  guildId: string,
): Promise<{ extraCandidates?: string[] }> {
  if (!cluster.shared) return {};
  return {
    extraCandidates: await listGuildNamespaces(toKubeConfig(cluster.selected, deps.clusterGuard), guildId),
  };
}

/** The namespaces the person works in on this cluster (see listVisibleNamespaces), as them. */
export function visibleNamespaces(deps: ApiDeps, actor: Actor, cluster: OpenedCluster): Promise<string[]> {
  return remembered(deps, [...who(cluster, actor), "namespaces"].join("|"), async () =>
    listVisibleNamespaces(
      impersonatedKubeConfig(cluster.selected, impersonationFor(actor), deps.clusterGuard),
      {
        shared: cluster.shared,
        guildId: actor.guildId,
        userId: actor.userId,
        ...(await extraNamespaceCandidates(deps, cluster, actor.guildId)),
      },
    ),
  );
}

/**
 * Whether the person may list `type` in `namespace` (one of their
 * namespaces), or cluster-wide when `namespace` is undefined (never on a
 * shared cluster: tenants get nothing cluster-wide).
 */
export function mayList(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  type: ResourceType,
  namespace: string | undefined,
): Promise<boolean> {
  const key = [...who(cluster, actor), type.group, type.resource, namespace ?? "*"].join("|");
  return remembered(deps, key, async () => {
    if (namespace === undefined) {
      if (cluster.shared) return false;
    } else if (!(await visibleNamespaces(deps, actor, cluster)).includes(namespace)) return false;
    const kc = impersonatedKubeConfig(cluster.selected, impersonationFor(actor), deps.clusterGuard);
    return canI(kc, {
      verb: "list",
      resource: type.resource,
      ...(type.group ? { group: type.group } : {}),
      ...(namespace ? { namespace } : {}),
    });
  });
}

/** Whether the person may read pod logs in `namespace` (asked as them, remembered like mayList). */
export function mayReadLogs(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  namespace: string,
): Promise<boolean> {
  const key = [...who(cluster, actor), "", "pods/log", namespace].join("|");
  return remembered(deps, key, () =>
    canI(impersonatedKubeConfig(cluster.selected, impersonationFor(actor), deps.clusterGuard), {
      verb: "get",
      resource: "pods",
      subresource: "log",
      namespace,
    }),
  );
}

/** The cluster's shared all-namespaces cache of `type`, started on first use, stopped when idle. */
export function sharedCache<T extends KubeObject>(
  deps: ApiDeps,
  cluster: Pick<OpenedCluster, "id" | "selected">,
  type: ResourceType,
  prepare?: Prepare<KubeObject>,
): ResourceCache<T> {
  return deps.caches.use<T>(cluster.id, {
    kubeConfig: toKubeConfig(cluster.selected, deps.clusterGuard),
    resource: type,
    ...(prepare ? { prepare } : {}),
  });
}

/** How long a first reader waits for a cache to fill before answering "syncing". */
const FIRST_SYNC_WAIT_MS = 10_000;

/** Waits (bounded) for a fresh cache's first list, so a first reader gets items, not "syncing". */
export async function settled<T extends KubeObject>(cache: ResourceCache<T>): Promise<ResourceCache<T>> {
  if (cache.state.status === "syncing") await cache.whenReady(FIRST_SYNC_WAIT_MS).catch(() => undefined);
  return cache;
}
