import { AppError, type ClusterSummary } from "@clustercord/contracts";
import { type ClusterRecord, findGuildCluster, type SealedCluster, withoutCredential } from "@clustercord/db";
import type { SelectedContext } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import type { OpenedCluster } from "./read-access";
import { ensureTenancyApplied } from "./tenancy-setup";

// Which stored clusters a guild may reach, opened. Kept apart from clusters.ts
// (adding/removing) so tenants and every read service can use it without an import cycle.

export function toClusterSummary(c: ClusterRecord, guildId: string): ClusterSummary {
  return {
    id: c.id,
    name: c.name,
    server: c.server,
    shared: c.shared,
    insecure: c.insecure,
    owned: c.guildId === guildId,
    createdAt: c.createdAt.toISOString(),
  };
}

const noSuchCluster = () => new AppError("NOT_FOUND", { userMessage: "No such cluster in this server." });

/** A visible cluster's stored context, opened (ClusterCord's own credentials: tenancy and health only). */
function unseal(deps: ApiDeps, sealed: SealedCluster) {
  const selected = JSON.parse(
    deps.cipher.open(sealed.credential, { guildId: sealed.guildId, clusterId: sealed.id }),
  ) as SelectedContext;
  return { record: withoutCredential(sealed), selected };
}

/**
 * A cluster the guild may use, with its stored context opened; other guilds'
 * clusters are NOT_FOUND. On a shared cluster the guild's namespace is
 * applied here on its first use after being granted.
 */
export async function openCluster(deps: ApiDeps, guildId: string, clusterId: string) {
  const opened = await visibleCluster(deps, guildId, clusterId);
  if (opened.record.shared) await ensureTenancyApplied(deps, opened.selected, clusterId, guildId);
  return opened;
}

/** openCluster as the read services hold a cluster: its id, whether it is shared, its opened context. */
export async function openClusterFor(
  deps: ApiDeps,
  guildId: string,
  clusterId: string,
): Promise<OpenedCluster> {
  const { record, selected } = await openCluster(deps, guildId, clusterId);
  return { id: record.id, shared: record.shared, selected };
}

/** openCluster without setting anything up: for actions that must not create a namespace (leaving). */
export async function visibleCluster(deps: ApiDeps, guildId: string, clusterId: string) {
  const sealed = await findGuildCluster(deps.prisma, guildId, clusterId);
  if (!sealed) throw noSuchCluster();
  return unseal(deps, sealed);
}

/** Only the guild that added a cluster can change it (`what`: "rename it"); granted guilds cannot. */
export async function ownedCluster(deps: ApiDeps, guildId: string, clusterId: string, what: string) {
  const sealed = await findGuildCluster(deps.prisma, guildId, clusterId);
  if (!sealed) throw noSuchCluster();
  if (sealed.guildId !== guildId) {
    throw new AppError("FORBIDDEN", { userMessage: `Only the server that added this cluster can ${what}.` });
  }
  return unseal(deps, sealed);
}
