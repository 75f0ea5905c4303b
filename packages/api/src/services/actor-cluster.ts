/**
 * The first step of every service that acts on a cluster for a person: the
 * cluster opened if their guild may use it (others' clusters are NOT_FOUND,
 * as everywhere), and a client that acts AS them.
 */
import { AppError } from "@clustercord/contracts";
import { impersonatedKubeConfig, impersonationFor } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openCluster } from "./cluster-access";
import { notFound } from "./pod-logs";
import type { Actor, OpenedCluster } from "./read-access";

export async function openActorCluster(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
): Promise<OpenedCluster> {
  const { record, selected } = await openCluster(deps, actor.guildId, clusterId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound() : error;
  });
  return { id: record.id, shared: record.shared, selected };
}

export const personKubeConfig = (deps: ApiDeps, actor: Actor, cluster: OpenedCluster) =>
  impersonatedKubeConfig(cluster.selected, impersonationFor(actor), deps.clusterGuard);
