/**
 * One schema and discovery cache per cluster, read with ClusterCord's own
 * credentials (schemas and discovery are not secret), shared by every
 * person's validate and apply on that cluster.
 */
import { ClusterSchemaCache, toKubeConfig } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import type { OpenedCluster } from "./read-access";

const caches = new WeakMap<ApiDeps["caches"], Map<string, ClusterSchemaCache>>();

export function schemaCacheFor(deps: ApiDeps, cluster: Pick<OpenedCluster, "id" | "selected">) {
  let byCluster = caches.get(deps.caches);
  if (!byCluster) {
    byCluster = new Map();
    caches.set(deps.caches, byCluster);
  }
  // Keyed by server too: a cluster id names one registration, but be safe if it ever points elsewhere.
  const key = `${cluster.id}|${cluster.selected.server}`;
  let cache = byCluster.get(key);
  if (!cache) {
    cache = new ClusterSchemaCache(toKubeConfig(cluster.selected, deps.clusterGuard));
    byCluster.set(key, cache);
  }
  return cache;
}

/** Drops a cluster's cache (removed cluster). */
export function forgetSchemas(deps: ApiDeps, clusterId: string): void {
  const byCluster = caches.get(deps.caches);
  if (byCluster)
    for (const key of byCluster.keys()) if (key.startsWith(`${clusterId}|`)) byCluster.delete(key);
}
