import type { ApiDeps } from "../context";
import { forgetAccess } from "./read-access";

/** Stops a cluster's caches and forgets its access answers (e.g. when the cluster is removed). */
export function forgetClusterCaches(deps: ApiDeps, clusterId: string): void {
  forgetAccess(deps, clusterId);
  deps.caches.stopCluster(clusterId);
}
