import type { Role } from "@clustercord/contracts";
import { impersonatedKubeConfig, impersonationFor, listVisibleNamespaces } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openCluster } from "./clusters";

export async function listNamespaces(
  deps: ApiDeps,
  actor: { userId: string; guildId: string; role: Role },
  clusterId: string,
): Promise<string[]> {
  const { record, selected } = await openCluster(deps, actor.guildId, clusterId);
  const kc = impersonatedKubeConfig(selected, impersonationFor(actor));
  return listVisibleNamespaces(kc, { shared: record.shared, guildId: actor.guildId, userId: actor.userId });
}
