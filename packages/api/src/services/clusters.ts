import { randomUUID } from "node:crypto";
import { AppError, type ClusterHealth, type ClusterSummary } from "@clustercord/contracts";
import {
  deleteCluster,
  deleteVaultPlacementsOnCluster,
  insertCluster,
  listGuildClusters,
  renameCluster as renameStoredCluster,
  snapshotBlobKeysOfCluster,
} from "@clustercord/db";
import {
  applyObjects,
  clusterSetup,
  parseKubeconfig,
  planDedicatedAccess,
  planGuildTenancy,
  probeCluster,
  toKubeConfig,
} from "@clustercord/kube";
import { defaultLogger } from "@clustercord/telemetry";
import type { ApiDeps } from "../context";
import { openCluster, ownedCluster, toClusterSummary } from "./cluster-access";
import { forgetClusterCaches } from "./cluster-caches";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import { dropStaleDedicatedAccess } from "./tenancy-setup";

/**
 * Validates an uploaded kubeconfig, checks the cluster answers and that the
 * credentials may impersonate (ClusterCord acts as each person), then stores
 * the one selected context sealed. Nothing is stored when any step fails.
 */
export async function addCluster(
  deps: ApiDeps,
  options: {
    guildId: string;
    actorId: string;
    name: string;
    kubeconfig: string;
    context?: string | undefined;
    shared: boolean;
    allowInsecure: boolean;
  },
): Promise<{ cluster: ClusterSummary; health: ClusterHealth; warnings: string[] }> {
  const parsed = parseKubeconfig(options.kubeconfig, {
    policy: deps.clusterGuard.policy,
    allowInsecureSkipTlsVerify: options.allowInsecure,
  });
  const selected = parsed.select(options.context);
  const kc = toKubeConfig(selected, deps.clusterGuard);
  const health = await probeCluster(kc);
  if (!health.reachable || !health.canImpersonate) {
    throw new AppError("BAD_REQUEST", { userMessage: `Cluster not added: ${health.problem}.` });
  }
  // The owner's access, with our own credentials (idempotent server-side apply):
  // its own namespace on a shared cluster, its roles cluster-wide on a dedicated one.
  const setUp = options.shared
    ? dropStaleDedicatedAccess(deps, kc, { guildId: options.guildId, server: selected.server }).then(() =>
        applyObjects(kc, planGuildTenancy({ guildId: options.guildId })),
      )
    : applyObjects(kc, planDedicatedAccess(options.guildId));
  await setUp.catch((cause: unknown) => {
    throw new AppError("BAD_REQUEST", {
      userMessage: `Cluster not added: setting up this server's access failed (${String((cause as Error).message ?? cause).split("\n")[0]}).`,
      cause,
    });
  });
  const id = randomUUID();
  const credential = deps.cipher.seal(JSON.stringify(selected), { guildId: options.guildId, clusterId: id });
  const record = await insertCluster(deps.prisma, {
    id,
    guildId: options.guildId,
    name: options.name,
    server: selected.server,
    shared: options.shared,
    insecure: selected.insecureSkipTlsVerify,
    credential,
    keyId: deps.cipher.activeKeyId,
    createdBy: options.actorId,
  });
  return { cluster: toClusterSummary(record, options.guildId), health, warnings: parsed.warnings };
}

/** The manifest and kubectl commands that prepare a cluster for ClusterCord (no secret in it). */
export const clusterSetupGuide = () => clusterSetup();

export async function listClusters(deps: ApiDeps, guildId: string): Promise<ClusterSummary[]> {
  return (await listGuildClusters(deps.prisma, guildId)).map((c) => toClusterSummary(c, guildId));
}

export async function clusterStatus(deps: ApiDeps, guildId: string, clusterId: string) {
  const { record, selected } = await openCluster(deps, guildId, clusterId);
  return {
    cluster: toClusterSummary(record, guildId),
    health: await probeCluster(toKubeConfig(selected, deps.clusterGuard)),
  };
}

export async function renameCluster(
  deps: ApiDeps,
  guildId: string,
  clusterId: string,
  name: string,
): Promise<{ cluster: ClusterSummary }> {
  const { record } = await ownedCluster(deps, guildId, clusterId, "rename it");
  await renameStoredCluster(deps.prisma, guildId, clusterId, name);
  return { cluster: toClusterSummary({ ...record, name }, guildId) };
}

export async function planRemoveCluster(
  deps: ApiDeps,
  actor: { userId: string; guildId: string },
  clusterId: string,
) {
  const { record } = await ownedCluster(deps, actor.guildId, clusterId, "remove it");
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, {
    action: "clusters.remove",
    target: clusterId,
    ...actor,
  });
  const changes = [
    `ClusterCord forgets ${record.name} (${record.server}) and deletes its stored credentials.`,
    "Its snapshots and their archives are deleted; vault secrets stay, and forget that they were applied there.",
    ...(record.grantedGuildIds.length
      ? [`${record.grantedGuildIds.length} other server(s) lose access to it.`]
      : []),
    ...(record.shared
      ? ["Nothing inside the cluster is deleted."]
      : [
          "This server's cluster-wide RoleBindings (clustercord-guild-…) are deleted if the cluster answers; nothing else inside it is.",
        ]),
  ];
  return {
    summary: `Remove cluster ${record.name}?`,
    changes,
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

/** Deletes a removed cluster's snapshot archives; one that will not go is logged and left (no row points at it). */
async function forgetSnapshotArchives(deps: ApiDeps, blobKeys: readonly string[]) {
  const store = deps.snapshots?.store;
  if (!store) return;
  for (const key of blobKeys) {
    await store.delete(key).catch((error: unknown) => {
      (deps.log ?? defaultLogger()).warn(
        { err: error, blobKey: key },
        "a removed cluster's snapshot archive was not deleted",
      );
    });
  }
}

export async function removeCluster(
  deps: ApiDeps,
  actor: { userId: string; guildId: string },
  clusterId: string,
  confirmToken: string,
) {
  verifyConfirmation(deps.confirmationKey, confirmToken, {
    action: "clusters.remove",
    target: clusterId,
    ...actor,
  });
  const { record, selected } = await ownedCluster(deps, actor.guildId, clusterId, "remove it");
  if (!record.shared) {
    // Best effort: a cluster that no longer answers can still be forgotten;
    // leftovers are deleted when this server next shares that cluster.
    await dropStaleDedicatedAccess(deps, toKubeConfig(selected, deps.clusterGuard), {
      guildId: actor.guildId,
      server: record.server,
      exceptClusterId: clusterId,
    }).catch(() => undefined);
  }
  const snapshotBlobs = await snapshotBlobKeysOfCluster(deps.prisma, clusterId);
  await deleteCluster(deps.prisma, actor.guildId, clusterId);
  // The snapshot rows went with the cluster (a cascade); their archives and the vault's places there go now.
  await deleteVaultPlacementsOnCluster(deps.prisma, clusterId);
  await forgetSnapshotArchives(deps, snapshotBlobs);
  forgetClusterCaches(deps, clusterId);
  return { removed: record.name };
}
