/**
 * Who may snapshot (and restore) what: "namespaces" is the person's own
 * namespaces on the cluster (all of them, or a subset; any other is refused
 * by name); "cluster" is only for admins of a cluster their guild added and
 * does not share. Every check asks the cluster as the person.
 */
import { AppError, roleAtLeast, type SnapshotScope } from "@clustercord/contracts";
import { findGuildCluster } from "@clustercord/db";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ApiDeps } from "../context";
import { openActorCluster, personKubeConfig } from "./actor-cluster";
import { type Actor, type OpenedCluster, visibleNamespaces } from "./read-access";

export interface SnapshotTarget {
  cluster: OpenedCluster;
  /** Acts AS the person: their RBAC has the last word on every list and apply. */
  kc: KubeConfig;
  scope: SnapshotScope;
  /** The namespaces the snapshot covers (scope "namespaces"); [] for the whole cluster. */
  namespaces: string[];
}

const badRequest = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });
const forbidden = (userMessage: string) => new AppError("FORBIDDEN", { userMessage });

const listed = (names: readonly string[]) => names.join(", ");

/** Refuses namespaces the person cannot use on this cluster, naming them. */
export function refuseForeignNamespaces(asked: readonly string[], usable: readonly string[]) {
  const foreign = [...new Set(asked.filter((n) => !usable.includes(n)))].sort();
  if (foreign.length)
    throw forbidden(
      `You cannot use namespace${foreign.length > 1 ? "s" : ""} ${listed(foreign)} on this cluster.`,
    );
}

/** A whole-cluster snapshot: an admin, on a cluster their guild added and shares with nobody. */
async function checkClusterScope(deps: ApiDeps, actor: Actor, clusterId: string) {
  if (!roleAtLeast(actor.role, "admin"))
    throw forbidden(`A whole-cluster snapshot needs the admin role; you are ${actor.role}.`);
  const record = await findGuildCluster(deps.prisma, actor.guildId, clusterId);
  if (record && record.guildId !== actor.guildId)
    throw forbidden(
      "Only the server that added this cluster can snapshot all of it; snapshot your namespaces.",
    );
  if (record?.shared)
    throw forbidden(
      "This cluster is shared with other servers, so a snapshot can hold only your namespaces (scope: namespaces).",
    );
}

/**
 * The cluster (NOT_FOUND when the guild cannot use it) and the scope
 * resolved for the person now: their role and namespaces as the cluster
 * answers today.
 */
export async function snapshotTarget(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; scope: SnapshotScope; namespaces?: readonly string[] | undefined },
): Promise<SnapshotTarget> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  const kc = personKubeConfig(deps, actor, cluster);
  if (input.scope === "cluster") {
    await checkClusterScope(deps, actor, cluster.id);
    return { cluster, kc, scope: "cluster", namespaces: [] };
  }
  const usable = await visibleNamespaces(deps, actor, cluster);
  const asked = input.namespaces?.length ? [...new Set(input.namespaces)] : usable;
  refuseForeignNamespaces(asked, usable);
  if (!asked.length) throw badRequest("You have no namespaces on this cluster to snapshot.");
  return { cluster, kc, scope: "namespaces", namespaces: [...asked].sort() };
}
