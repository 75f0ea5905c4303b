/** rollouts.canaryStatus and the canary in rollouts.status: the Canary row as the contract shows it. */
import {
  AppError,
  type CanaryStatus,
  type RolloutsCanaryRef,
  type RolloutsCanaryStatusOutput,
} from "@clustercord/contracts";
import { type CanaryRow, findLatestCanary, findRunningCanary } from "@clustercord/db";
import { argoRolloutStatus, canarySplit, findArgoRolloutAs } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { target } from "./canary-access";
import { describeUser } from "./membership";
import type { Actor } from "./read-access";
import { openRollout } from "./rollouts";

export async function canaryStatus(deps: Pick<ApiDeps, "directory">, row: CanaryRow): Promise<CanaryStatus> {
  const starter = await describeUser(deps as ApiDeps, row.startedById).catch(() => null);
  return {
    id: row.id,
    clusterId: row.clusterId,
    namespace: row.namespace,
    deployment: row.deployment,
    canaryDeployment: row.canaryDeployment,
    image: row.image,
    stableImage: row.stableImage,
    percentage: row.percentage,
    traffic: row.traffic === "gateway-api" ? "gateway-api" : "replicas",
    httpRoute: row.httpRoute,
    // The row keeps the total to restore; while the canary runs the stable holds the rest of it.
    stableReplicas: row.endedAt ? row.stableReplicas : canarySplit(row.stableReplicas, row.percentage).stable,
    canaryReplicas: row.canaryReplicas,
    phase: row.phase as CanaryStatus["phase"],
    reason: row.reason,
    startedBy: starter?.displayName ?? row.startedById,
    startedAt: row.startedAt.toISOString(),
    analysisEndsAt: row.analysisEndsAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    checks: row.checks,
  };
}

/** rollouts.canaryStatus: the Deployment's latest canary (running or ended), in one of the person's namespaces. */
export async function getCanaryStatus(
  deps: ApiDeps,
  actor: Actor,
  ref: RolloutsCanaryRef,
): Promise<RolloutsCanaryStatusOutput> {
  const { kc } = await openRollout(deps, actor, target(ref));
  const row = await findLatestCanary(deps.prisma, ref);
  const argo = await findArgoRolloutAs(kc, ref.namespace, ref.deployment).catch((error: unknown) => {
    // A person the cluster does not let read Rollouts still sees ClusterCord's canary.
    if (error instanceof AppError && error.code === "FORBIDDEN") return null;
    throw error;
  });
  return {
    canary: row ? await canaryStatus(deps, row) : null,
    ...(argo ? { argoRollout: argoRolloutStatus(argo) } : {}),
  };
}

/**
 * The running canary of a Deployment, for rollouts.status (which has checked
 * the person's access to the Deployment already), else null.
 */
export async function currentCanary(
  deps: ApiDeps,
  _actor: Actor,
  ref: RolloutsCanaryRef,
): Promise<CanaryStatus | null> {
  const row = await findRunningCanary(deps.prisma, ref);
  return row ? canaryStatus(deps, row) : null;
}
