import { AppError, type Role, roleAtLeast } from "@clustercord/contracts";
import { findGuildCluster } from "@clustercord/db";
import { impersonatedKubeConfig, impersonationFor, listVisibleNamespaces } from "@clustercord/kube";
import type { ApiDeps, Identity } from "../context";
import { openCluster } from "./clusters";
import { resolveMembership } from "./membership";

type KubeConfig = ReturnType<typeof impersonatedKubeConfig>;

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
 * The server-side check on opening a stream, in the web API's order: a
 * browser session, its active guild, membership and role there (from Discord
 * and the guild's role mappings), the cluster (tenancy: other guilds'
 * clusters are NOT_FOUND), then the namespace must be one the person may use.
 * Returns a client that acts as the person (impersonation set from this
 * check only, never from anything the client sent).
 */
export async function authorizeStream(
  deps: ApiDeps,
  identity: Identity | null,
  target: { clusterId: string; namespace: string },
  needs: Role,
): Promise<{ grant: StreamGrant; kc: KubeConfig; guildName: string }> {
  if (identity?.via !== "web") throw new AppError("UNAUTHORIZED");
  const guildId = identity.guildId;
  if (!guildId) throw new AppError("BAD_REQUEST", { userMessage: "Pick a Discord server first." });
  const membership = await resolveMembership(deps, identity.userId, guildId);
  if (!membership) {
    throw new AppError("FORBIDDEN", { userMessage: "You are not a member of that Discord server." });
  }
  if (!roleAtLeast(membership.role, needs)) {
    throw new AppError("FORBIDDEN", {
      userMessage: `This needs the ${needs} role in ${membership.guild.name}; you are ${membership.role}.`,
    });
  }
  const actor = { userId: identity.userId, guildId, role: membership.role };
  const { record, selected } = await openCluster(deps, guildId, target.clusterId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound() : error;
  });
  const kc = impersonatedKubeConfig(selected, impersonationFor(actor), deps.clusterGuard);
  const namespaces = await listVisibleNamespaces(kc, {
    shared: record.shared,
    guildId,
    userId: identity.userId,
  });
  if (!namespaces.includes(target.namespace)) throw notFound();
  return {
    grant: {
      userId: identity.userId,
      sessionToken: identity.sessionToken,
      guildId,
      role: membership.role,
      needs,
      clusterId: target.clusterId,
      namespace: target.namespace,
    },
    kc,
    guildName: membership.guild.name,
  };
}

/**
 * The check while a stream is open: the same live session, still a member
 * of the guild with the same role (a changed role changes the impersonated
 * groups, so the stream must be reopened), and the cluster still visible to
 * the guild. Returns why the stream must end, or null.
 */
export async function recheckStream(
  deps: ApiDeps,
  identity: Identity | null,
  grant: StreamGrant,
): Promise<string | null> {
  if (
    identity?.via !== "web" ||
    identity.userId !== grant.userId ||
    identity.sessionToken !== grant.sessionToken
  ) {
    return "Your session ended.";
  }
  const membership = await resolveMembership(deps, grant.userId, grant.guildId);
  if (!membership) return "You are no longer a member of that Discord server.";
  if (membership.role !== grant.role) {
    return roleAtLeast(membership.role, grant.needs)
      ? "Your role changed; open the stream again."
      : `This needs the ${grant.needs} role; you are now ${membership.role}.`;
  }
  if (!(await findGuildCluster(deps.prisma, grant.guildId, grant.clusterId))) {
    return "This server no longer has access to that cluster.";
  }
  return null;
}
