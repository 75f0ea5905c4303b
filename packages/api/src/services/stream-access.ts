/**
 * Who may open a live stream (pod logs, a terminal) and whether they still
 * may while it is open. The socket handlers in ../sockets ask; this module
 * decides, from the person's own session only.
 */
import { AppError, type Role, roleAtLeast } from "@clustercord/contracts";
import { findGuildCluster } from "@clustercord/db";
import { impersonatedKubeConfig, impersonationFor, listVisibleNamespaces } from "@clustercord/kube";
import type { ApiDeps, Identity } from "../context";
import { requireRole, resolveActor } from "./actor";
import { openCluster } from "./cluster-access";
import { extraNamespaceCandidates } from "./read-access";

type KubeConfig = ReturnType<typeof impersonatedKubeConfig>;
export type WebIdentity = Extract<Identity, { via: "web" }>;

/** What a live stream was opened under; re-checked while it is open. */
export interface StreamGrant {
  userId: string;
  sessionToken: string;
  guildId: string;
  role: Role;
  /** The least role the stream needs (viewer for logs, operator for exec). */
  needs: Role;
  clusterId: string;
  namespace: string;
}

/** The same answer for a cluster or namespace that does not exist and one that belongs to someone else. */
const notFound = () =>
  new AppError("NOT_FOUND", { userMessage: "No such cluster or namespace for you in this server." });

/**
 * The check on opening a stream: the actor (membership and role read fresh
 * from Discord), the role the stream needs, the cluster (tenancy: other
 * guilds' clusters are NOT_FOUND), then the namespace must be one the person
 * may use. Returns a client that acts as the person (impersonation set from
 * this check only, never from anything the client sent).
 */
export async function authorizeStream(
  deps: ApiDeps,
  identity: WebIdentity,
  target: { clusterId: string; namespace: string },
  needs: Role,
): Promise<{ grant: StreamGrant; kc: KubeConfig }> {
  const resolved = await resolveActor(deps, identity, { fresh: true });
  requireRole(resolved, needs);
  const { membership, ...actor } = resolved;
  const { record, selected } = await openCluster(deps, actor.guildId, target.clusterId).catch(
    (error: unknown) => {
      throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound() : error;
    },
  );
  const kc = impersonatedKubeConfig(selected, impersonationFor(actor), deps.clusterGuard);
  const namespaces = await listVisibleNamespaces(kc, {
    shared: record.shared,
    guildId: actor.guildId,
    userId: actor.userId,
    ...(await extraNamespaceCandidates(deps, { shared: record.shared, selected }, actor.guildId)),
  });
  if (!namespaces.includes(target.namespace)) throw notFound();
  return {
    grant: {
      userId: actor.userId,
      sessionToken: identity.sessionToken,
      guildId: actor.guildId,
      role: actor.role,
      needs,
      clusterId: target.clusterId,
      namespace: target.namespace,
    },
    kc,
  };
}

/**
 * The check while a stream is open, given the socket's session as it is now
 * (or why it could not be read): the same live session, still a member of the
 * stream's guild with the same role (read fresh from Discord; a changed role
 * changes the impersonated groups, so the stream must be reopened), and the
 * cluster still visible to the guild. Returns why the stream must end, or
 * null. A Discord that does not answer for a moment ends nothing.
 */
export async function recheckStream(
  deps: ApiDeps,
  identity: WebIdentity | null,
  grant: StreamGrant,
): Promise<string | null> {
  if (!identity || identity.userId !== grant.userId || identity.sessionToken !== grant.sessionToken) {
    return "Your session ended.";
  }
  let role: Role;
  try {
    ({ role } = await resolveActor(deps, { ...identity, guildId: grant.guildId }, { fresh: true }));
  } catch (error) {
    if (error instanceof AppError && error.code === "FORBIDDEN") {
      return "You are no longer a member of that Discord server.";
    }
    return null;
  }
  if (role !== grant.role) {
    return roleAtLeast(role, grant.needs)
      ? "Your role changed; open the stream again."
      : `This needs the ${grant.needs} role; you are now ${role}.`;
  }
  if (!(await findGuildCluster(deps.prisma, grant.guildId, grant.clusterId))) {
    return "This server no longer has access to that cluster.";
  }
  return null;
}
