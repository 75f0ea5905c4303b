/**
 * Who sees which cost numbers on a cluster. Every cost entry opens the
 * cluster for the person (others' clusters are NOT_FOUND) and sums only the
 * namespaces they may read, asked as them (visibleNamespaces). The admins of
 * the guild that added the cluster see every namespace (also ones since
 * deleted) and the idle cost; everyone else gets idle and capacity as null.
 */
import { AppError } from "@clustercord/contracts";
import { findClusterOwner } from "@clustercord/db";
import type { ApiDeps } from "../context";
import { openActorCluster } from "./actor-cluster";
import { type Actor, type OpenedCluster, visibleNamespaces } from "./read-access";

export interface CostView {
  cluster: OpenedCluster;
  /** The guild that added the cluster. */
  ownerGuildId: string;
  /** The person is an admin of the guild that added the cluster. */
  ownerAdmin: boolean;
  /** The namespaces summed; null: all of them (the owner's admins, no namespace asked). */
  namespaces: string[] | null;
}

export const namespaceNotVisible = (namespace: string) =>
  new AppError("NOT_FOUND", {
    userMessage: `No namespace ${namespace} that you can read on this cluster.`,
  });

export const isOwnerAdmin = (actor: Actor, ownerGuildId: string | null) =>
  actor.role === "admin" && ownerGuildId === actor.guildId;

/** Opens the cluster for the person and decides what they may sum; `namespace` narrows it to one they may read. */
export async function openCostView(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
  namespace?: string,
): Promise<CostView> {
  const cluster = await openActorCluster(deps, actor, clusterId);
  const ownerGuildId = (await findClusterOwner(deps.prisma, cluster.id)) ?? "";
  const ownerAdmin = isOwnerAdmin(actor, ownerGuildId);
  if (ownerAdmin && namespace === undefined) return { cluster, ownerGuildId, ownerAdmin, namespaces: null };
  const visible = await visibleNamespaces(deps, actor, cluster);
  if (namespace === undefined) return { cluster, ownerGuildId, ownerAdmin, namespaces: visible };
  // The owner's admins also see a namespace's history after it is gone.
  if (!ownerAdmin && !visible.includes(namespace)) throw namespaceNotVisible(namespace);
  return { cluster, ownerGuildId, ownerAdmin, namespaces: [namespace] };
}
