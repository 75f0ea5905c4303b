import type { ApiDeps } from "../context";
import { forgetSchemas } from "./manifest-schemas";
import { forgetAccess } from "./read-access";

/** Stops a cluster's caches and forgets its access answers and schemas (e.g. when the cluster is removed). */
export function forgetClusterCaches(deps: ApiDeps, clusterId: string): void {
  forgetAccess(deps, clusterId);
  forgetSchemas(deps, clusterId);
  deps.caches.stopCluster(clusterId);
}
