import {
  AppError,
  type ClusterSummary,
  type Tenant,
  type TenantInvitation,
  type TenantQuota,
} from "@clustercord/contracts";
import {
  acceptInvitation as acceptStoredInvitation,
  deleteInvitation,
  deleteTenant,
  findGuildCluster,
  findTenant,
  type InvitationRow,
  insertTenant,
  listInvitations as listStoredInvitations,
  listTenants as listStoredTenants,
  type TenantRow,
  updateTenant as updateStoredTenant,
  withoutCredential,
} from "@clustercord/db";
import {
  applyObjects,
  deleteRoleBindings,
  guildBindingNames,
  guildNamespace,
  personalNamespace,
  planGuildTenancy,
  planPersonalNamespace,
  toKubeConfig,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openCluster, ownedCluster, toClusterSummary, visibleCluster } from "./cluster-access";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import { describeUser } from "./membership";
import { forgetAccess } from "./read-access";
import { settingsOf, setupFailed } from "./tenancy-setup";

type Actor = { userId: string; guildId: string };

async function toTenant(deps: ApiDeps, row: TenantRow, ownerGuildId: string): Promise<Tenant> {
  const guild = await deps.directory.getGuild(row.guildId);
  return {
    guildId: row.guildId,
    guildName: guild?.name ?? `Server ${row.guildId}`,
    owner: row.guildId === ownerGuildId,
    status: row.status,
    namespace: guildNamespace(row.guildId),
    quota: { requestsCpu: row.requestsCpu, requestsMemory: row.requestsMemory, pods: row.pods },
    internetEgress: row.internetEgress,
    appliedAt: row.appliedAt?.toISOString() ?? null,
  };
}

/** The owner sees every guild on its cluster, invited or accepted; a granted guild sees only itself. */
export async function listTenants(deps: ApiDeps, guildId: string, clusterId: string): Promise<Tenant[]> {
  const { record } = await openCluster(deps, guildId, clusterId);
  const rows = await listStoredTenants(deps.prisma, clusterId);
  const visible = record.guildId === guildId ? rows : rows.filter((r) => r.guildId === guildId);
  return Promise.all(visible.map((row) => toTenant(deps, row, record.guildId)));
}

async function ownedSharedCluster(deps: ApiDeps, guildId: string, clusterId: string, what: string) {
  const opened = await ownedCluster(deps, guildId, clusterId, what);
  if (!opened.record.shared) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `${opened.record.name} is dedicated to this server; only a cluster added as shared has tenants.`,
    });
  }
  return opened;
}

async function existingTenant(deps: ApiDeps, clusterId: string, guildId: string) {
  const tenant = await findTenant(deps.prisma, clusterId, guildId);
  if (!tenant) throw new AppError("NOT_FOUND", { userMessage: "That server has no access to this cluster." });
  return tenant;
}

/**
 * The owner invites another server (with the bot installed) to its own
 * namespace on a shared cluster; that server's admins accept or decline.
 */
export async function grantTenant(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
  guildId: string,
): Promise<Tenant> {
  const { record } = await ownedSharedCluster(deps, actor.guildId, clusterId, "grant access to it");
  if (guildId === record.guildId) {
    throw new AppError("BAD_REQUEST", { userMessage: "This server owns the cluster already." });
  }
  if (!(await deps.directory.getGuild(guildId))) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `ClusterCord's bot is not in server ${guildId}; invite it there first.`,
    });
  }
  const row = await insertTenant(deps.prisma, { clusterId, guildId, createdBy: actor.userId });
  return toTenant(deps, row, record.guildId);
}

/**
 * The owner changes a tenant's quota or internet egress. An applied namespace
 * is changed on the cluster first, so the stored settings never claim what
 * the cluster does not enforce.
 */
export async function updateTenant(
  deps: ApiDeps,
  ownerGuildId: string,
  input: {
    clusterId: string;
    guildId: string;
    quota?: TenantQuota | undefined;
    internetEgress?: boolean | undefined;
  },
): Promise<Tenant> {
  const { record, selected } = await ownedSharedCluster(
    deps,
    ownerGuildId,
    input.clusterId,
    "change its tenants",
  );
  const current = await existingTenant(deps, input.clusterId, input.guildId);
  const next = {
    ...(input.quota ?? {
      requestsCpu: current.requestsCpu,
      requestsMemory: current.requestsMemory,
      pods: current.pods,
    }),
    internetEgress: input.internetEgress ?? current.internetEgress,
  };
  if (current.appliedAt) {
    const { internetEgress, ...quota } = next;
    await applyObjects(
      toKubeConfig(selected, deps.clusterGuard),
      planGuildTenancy({ guildId: input.guildId, quota, internetEgress }),
    ).catch(setupFailed("Changing the namespace"));
  }
  const row = await updateStoredTenant(deps.prisma, input.clusterId, input.guildId, {
    ...next,
    ...(current.appliedAt ? { appliedAt: new Date() } : {}),
  });
  return toTenant(deps, row, record.guildId);
}

const revokeSubject = (actor: Actor, clusterId: string, guildId: string) => ({
  action: "tenants.revoke",
  target: `${clusterId}/${guildId}`,
  ...actor,
});

export async function planRevokeTenant(deps: ApiDeps, actor: Actor, clusterId: string, guildId: string) {
  const { record } = await ownedSharedCluster(deps, actor.guildId, clusterId, "revoke access to it");
  if (guildId === record.guildId) {
    throw new AppError("BAD_REQUEST", {
      userMessage: "The owner's access cannot be revoked; remove the cluster instead.",
    });
  }
  const tenant = await toTenant(deps, await existingTenant(deps, clusterId, guildId), record.guildId);
  const { token, expiresAt } = issueConfirmation(
    deps.confirmationKey,
    revokeSubject(actor, clusterId, guildId),
  );
  return {
    summary: `Revoke ${tenant.guildName}'s access to ${record.name}?`,
    changes:
      tenant.status === "invited"
        ? [
            `${tenant.guildName}'s invitation to ${record.name} is withdrawn; it was not accepted, so nothing was set up on the cluster for it.`,
          ]
        : [
            `Nobody in ${tenant.guildName} can use ${record.name} any more; its RoleBindings in ${tenant.namespace} are deleted.`,
            `The namespace ${tenant.namespace} and its workloads stay; granting access again restores them.`,
          ],
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

export async function revokeTenant(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; guildId: string; confirmToken: string },
): Promise<{ revoked: string }> {
  verifyConfirmation(
    deps.confirmationKey,
    input.confirmToken,
    revokeSubject(actor, input.clusterId, input.guildId),
  );
  const { selected } = await ownedSharedCluster(deps, actor.guildId, input.clusterId, "revoke access to it");
  const tenant = await existingTenant(deps, input.clusterId, input.guildId);
  const guild = await deps.directory.getGuild(input.guildId);
  if (tenant.appliedAt) {
    await deleteRoleBindings(
      toKubeConfig(selected, deps.clusterGuard),
      guildNamespace(input.guildId),
      guildBindingNames,
    ).catch(setupFailed("Removing that server's RoleBindings"));
  }
  await deleteTenant(deps.prisma, input.clusterId, input.guildId);
  forgetAccess(deps, input.clusterId);
  return { revoked: guild?.name ?? input.guildId };
}

function toInvitation(
  row: InvitationRow,
  names: { ownerGuildName: string; invitedBy: { id: string; displayName: string } },
): TenantInvitation {
  return {
    clusterId: row.clusterId,
    clusterName: row.cluster.name,
    ownerGuildName: names.ownerGuildName,
    namespace: guildNamespace(row.guildId),
    quota: { requestsCpu: row.requestsCpu, requestsMemory: row.requestsMemory, pods: row.pods },
    internetEgress: row.internetEgress,
    invitedBy: names.invitedBy,
    invitedAt: row.createdAt.toISOString(),
  };
}

/** The invited guild's pending invitations: which cluster, whose, with what quota, asked by whom. */
export async function listInvitations(deps: ApiDeps, guildId: string): Promise<TenantInvitation[]> {
  const rows = await listStoredInvitations(deps.prisma, guildId);
  return Promise.all(
    rows.map(async (row) => {
      const [owner, inviter] = await Promise.all([
        deps.directory.getGuild(row.cluster.guildId),
        describeUser(deps, row.createdBy),
      ]);
      return toInvitation(row, {
        ownerGuildName: owner?.name ?? `Server ${row.cluster.guildId}`,
        invitedBy: { id: inviter.id, displayName: inviter.displayName },
      });
    }),
  );
}

/**
 * An admin of the invited guild accepts: from now on its members see the
 * cluster, and its namespace is set up on their first use, as for any tenant.
 */
export async function acceptInvitation(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
): Promise<{ cluster: ClusterSummary; tenant: Tenant }> {
  const row = await acceptStoredInvitation(deps.prisma, clusterId, actor.guildId, actor.userId);
  // Not openCluster: the namespace is applied on first use, so an unreachable
  // cluster does not turn an accepted invitation into an error.
  const sealed = await findGuildCluster(deps.prisma, actor.guildId, clusterId);
  if (!sealed) throw new AppError("NOT_FOUND", { userMessage: "No such cluster in this server." });
  return {
    cluster: toClusterSummary(withoutCredential(sealed), actor.guildId),
    tenant: await toTenant(deps, row, row.cluster.guildId),
  };
}

/** An admin of the invited guild declines: the invitation is deleted, nothing else happens. */
export async function declineInvitation(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
): Promise<{ declined: string }> {
  const row = await deleteInvitation(deps.prisma, clusterId, actor.guildId);
  return { declined: row.cluster.name };
}

const leaveSubject = (actor: Actor, clusterId: string) => ({
  action: "tenants.leave",
  target: `${clusterId}/${actor.guildId}`,
  ...actor,
});

/**
 * A cluster the actor's guild accepted a place on (not one it owns). Not
 * openCluster: leaving must not first set up a namespace never used.
 */
async function joinedCluster(deps: ApiDeps, guildId: string, clusterId: string) {
  const opened = await visibleCluster(deps, guildId, clusterId);
  if (opened.record.guildId === guildId) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `This server added ${opened.record.name}; it cannot leave it. Remove the cluster instead.`,
    });
  }
  return opened;
}

/** Step one of leaving a granted cluster: what changes, and a token bound to this person and guild. */
export async function planLeave(deps: ApiDeps, actor: Actor, clusterId: string) {
  const { record } = await joinedCluster(deps, actor.guildId, clusterId);
  const namespace = guildNamespace(actor.guildId);
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, leaveSubject(actor, clusterId));
  return {
    summary: `Leave ${record.name}?`,
    changes: [
      `Nobody in this server can use ${record.name} any more; its RoleBindings in ${namespace} are deleted.`,
      `The namespace ${namespace} and its workloads stay on the cluster; its owner may delete them or invite this server again.`,
    ],
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

/** Step two: the guild's access goes as with a revoke (RoleBindings deleted, namespace kept). */
export async function leaveCluster(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; confirmToken: string },
): Promise<{ left: string }> {
  verifyConfirmation(deps.confirmationKey, input.confirmToken, leaveSubject(actor, input.clusterId));
  const { record, selected } = await joinedCluster(deps, actor.guildId, input.clusterId);
  const tenant = await existingTenant(deps, input.clusterId, actor.guildId);
  if (tenant.appliedAt) {
    await deleteRoleBindings(
      toKubeConfig(selected, deps.clusterGuard),
      guildNamespace(actor.guildId),
      guildBindingNames,
    ).catch(setupFailed("Removing this server's RoleBindings"));
  }
  await deleteTenant(deps.prisma, input.clusterId, actor.guildId);
  forgetAccess(deps, input.clusterId);
  return { left: record.name };
}

/**
 * A person's own namespace on a shared cluster, with their guild's quota and
 * policies; asking again re-applies it (idempotent).
 */
export async function createPersonalNamespace(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
): Promise<{ namespace: string }> {
  const { record, selected } = await openCluster(deps, actor.guildId, clusterId);
  if (!record.shared) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `${record.name} is dedicated to this server and your role applies cluster-wide; personal namespaces are for shared clusters.`,
    });
  }
  const tenant = await existingTenant(deps, clusterId, actor.guildId);
  await applyObjects(
    toKubeConfig(selected, deps.clusterGuard),
    planPersonalNamespace({ ...actor, ...settingsOf(tenant) }),
  ).catch(setupFailed("Creating your namespace"));
  forgetAccess(deps, clusterId);
  return { namespace: personalNamespace(actor.userId) };
}
