import { AppError, type Tenant, type TenantQuota } from "@clustercord/contracts";
import {
  countDedicatedRegistrations,
  deleteTenant,
  findTenant,
  insertTenant,
  listTenants as listStoredTenants,
  type TenantRow,
  updateTenant as updateStoredTenant,
} from "@clustercord/db";
import {
  applyObjects,
  dedicatedBindingNames,
  deleteClusterRoleBindings,
  deleteRoleBindings,
  guildBindingNames,
  guildNamespace,
  personalNamespace,
  planGuildTenancy,
  planPersonalNamespace,
  type SelectedContext,
  type TenantSettings,
  toKubeConfig,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openCluster, ownedCluster } from "./clusters";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import { forgetAccess } from "./read-access";

const settingsOf = (row: TenantRow): TenantSettings => ({
  quota: { requestsCpu: row.requestsCpu, requestsMemory: row.requestsMemory, pods: row.pods },
  internetEgress: row.internetEgress,
});

async function toTenant(deps: ApiDeps, row: TenantRow, ownerGuildId: string): Promise<Tenant> {
  const guild = await deps.directory.getGuild(row.guildId);
  return {
    guildId: row.guildId,
    guildName: guild?.name ?? `Server ${row.guildId}`,
    owner: row.guildId === ownerGuildId,
    namespace: guildNamespace(row.guildId),
    quota: { requestsCpu: row.requestsCpu, requestsMemory: row.requestsMemory, pods: row.pods },
    internetEgress: row.internetEgress,
    appliedAt: row.appliedAt?.toISOString() ?? null,
  };
}

/** Failures while changing a cluster's objects, as one message that says nothing changed. */
function setupFailed(what: string) {
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
  if (!tenant || tenant.appliedAt) return;
  const kc = toKubeConfig(selected, deps.clusterGuard);
  await dropStaleDedicatedAccess(deps, kc, { guildId, server: selected.server })
    .then(() => applyObjects(kc, planGuildTenancy({ guildId, ...settingsOf(tenant) })))
    .catch(setupFailed("Setting up this server's namespace"));
  await updateStoredTenant(deps.prisma, clusterId, guildId, { appliedAt: new Date() });
}

/** The owner sees every guild on its cluster; a granted guild sees only itself. */
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

/** The owner gives another server (with the bot installed) its own namespace on a shared cluster. */
export async function grantTenant(
  deps: ApiDeps,
  actor: { userId: string; guildId: string },
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

const revokeSubject = (actor: { userId: string; guildId: string }, clusterId: string, guildId: string) => ({
  action: "tenants.revoke",
  target: `${clusterId}/${guildId}`,
  ...actor,
});

export async function planRevokeTenant(
  deps: ApiDeps,
  actor: { userId: string; guildId: string },
  clusterId: string,
  guildId: string,
) {
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
    changes: [
      `Nobody in ${tenant.guildName} can use ${record.name} any more; its RoleBindings in ${tenant.namespace} are deleted.`,
      `The namespace ${tenant.namespace} and its workloads stay; granting access again restores them.`,
    ],
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

export async function revokeTenant(
  deps: ApiDeps,
  actor: { userId: string; guildId: string },
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

/**
 * A person's own namespace on a shared cluster, with their guild's quota and
 * policies; asking again re-applies it (idempotent).
 */
export async function createPersonalNamespace(
  deps: ApiDeps,
  actor: { userId: string; guildId: string },
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
