import { AppError } from "@clustercord/contracts";
import { countDedicatedRegistrations, findTenant, type TenantRow, updateTenant } from "@clustercord/db";
import {
  applyObjects,
  dedicatedBindingNames,
  deleteClusterRoleBindings,
  planGuildTenancy,
  type SelectedContext,
  type TenantSettings,
  toKubeConfig,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";

// Setting up a guild's access on a cluster: used both when a cluster is
// opened or added (cluster-access.ts, clusters.ts) and by tenants.ts.

export const settingsOf = (row: TenantRow): TenantSettings => ({
  quota: { requestsCpu: row.requestsCpu, requestsMemory: row.requestsMemory, pods: row.pods },
  internetEgress: row.internetEgress,
});

/** Failures while changing a cluster's objects, as one message that says nothing changed. */
export function setupFailed(what: string) {
  return (cause: unknown) => {
    throw new AppError("BAD_REQUEST", {
      userMessage: `${what} failed; nothing was changed (${String((cause as Error).message ?? cause).split("\n")[0]}).`,
      cause,
    });
  };
}

/**
 * Cluster-wide bindings left by a guild's dedicated registration that is gone
 * would let its members past every namespace of a cluster it now shares.
 * Deleted unless the guild still has a dedicated registration of that server.
 */
export async function dropStaleDedicatedAccess(
  deps: ApiDeps,
  kc: ReturnType<typeof toKubeConfig>,
  guild: { guildId: string; server: string; exceptClusterId?: string },
): Promise<void> {
  if (
    (await countDedicatedRegistrations(deps.prisma, guild.guildId, guild.server, guild.exceptClusterId)) > 0
  )
    return;
  await deleteClusterRoleBindings(kc, dedicatedBindingNames(guild.guildId));
}

/**
 * Applies a granted guild's namespace, quota, policies and bindings on its
 * first use of a shared cluster (server-side apply: safe to repeat if two
 * requests race), then records it.
 */
export async function ensureTenancyApplied(
  deps: ApiDeps,
  selected: SelectedContext,
  clusterId: string,
  guildId: string,
): Promise<void> {
  const tenant = await findTenant(deps.prisma, clusterId, guildId);
  // Never for an invitation: nothing is applied for a guild that has not accepted.
  if (tenant?.status !== "accepted" || tenant.appliedAt) return;
  const kc = toKubeConfig(selected, deps.clusterGuard);
  await dropStaleDedicatedAccess(deps, kc, { guildId, server: selected.server })
    .then(() => applyObjects(kc, planGuildTenancy({ guildId, ...settingsOf(tenant) })))
    .catch(setupFailed("Setting up this server's namespace"));
  await updateTenant(deps.prisma, clusterId, guildId, { appliedAt: new Date() });
}
