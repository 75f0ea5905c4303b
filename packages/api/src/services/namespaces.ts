import type { Role } from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import { openCluster } from "./cluster-access";
import { visibleNamespaces } from "./read-access";

/**
 * The namespaces the person works in on a cluster, as the cluster answers for
 * them (impersonated); the answer is shared with the access checks for 10 s,
 * and dropped when ClusterCord itself changes who may use the cluster.
 */
export async function listNamespaces(
  deps: ApiDeps,
  actor: { userId: string; guildId: string; role: Role },
  clusterId: string,
): Promise<string[]> {
  const { record, selected } = await openCluster(deps, actor.guildId, clusterId);
  return visibleNamespaces(deps, actor, { id: record.id, shared: record.shared, selected });
}
