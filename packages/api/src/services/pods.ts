import { AppError, type PodSummary, type PodsListOutput } from "@clustercord/contracts";
import {
  type PodLike,
  RESOURCE_TYPES,
  type ResourceCache,
  type SelectedContext,
  summarizePod,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { cacheProblem } from "./cache-problem";
import { openCluster } from "./cluster-access";
import { type Actor, mayList, settled, sharedCache } from "./read-access";

export { ACCESS_TTL_MS, type Actor } from "./read-access";
export type PodObject = PodLike & { metadata?: PodLike["metadata"] & { resourceVersion?: string } };

/** The cluster's pods cache (all namespaces, ClusterCord's own credentials), started on first use. */
export function podsCache(
  deps: ApiDeps,
  clusterId: string,
  selected: SelectedContext,
): ResourceCache<PodObject> {
  return sharedCache<PodObject>(deps, { id: clusterId, selected }, RESOURCE_TYPES.pods);
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
  const cluster = { id: record.id, shared: record.shared, selected };
  if (!(await mayList(deps, actor, cluster, RESOURCE_TYPES.pods, namespace))) throw notYours();
  return podsCache(deps, cluster.id, selected);
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
  const cache = await settled(await authorizePodsRead(deps, actor, input.clusterId, input.namespace));
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
    problem: cacheProblem(cache.state, "pods"),
    resourceVersion: cache.resourceVersion,
  };
}
