/**
 * The end of a canary: promote, roll back, abort (by hand, or by the analysis
 * as the person who started it), and Argo Rollouts' promote/abort.
 */
import {
  AppError,
  type RolloutsCanaryOutput,
  type RolloutsCanaryRef,
  roleAtLeast,
} from "@clustercord/contracts";
import { type CanaryRow, claimCanaryEnd, findRunningCanary, finishCanary, writeAudit } from "@clustercord/db";
import {
  type ArgoRollout,
  argoAbortPatch,
  argoAsCanary,
  argoPromotePatches,
  argoRolloutStatus,
  canaryServiceName,
  deleteDeploymentAs,
  deleteServiceAs,
  findArgoRolloutAs,
  findDeployment,
  patchArgoRolloutAs,
  patchDeploymentAs,
  patchServiceAs,
  promotedContainers,
  readHttpRouteAs,
  restoredRules,
  setHttpRouteRulesAs,
} from "@clustercord/kube";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ApiDeps } from "../context";
import { mayOrRefuse, POD_TEMPLATE_HASH, target, unlessGone } from "./canary-access";
import { canaryStatus } from "./canary-status";
import { describeUser, resolveMembership } from "./membership";
import type { Actor } from "./read-access";
import { openRollout } from "./rollouts";

/**
 * Puts the stable back in charge (with the canary's image when promoting):
 * its replicas first, then its Service and the route's weights, then the
 * canary's objects go. Each step is idempotent, so an interrupted end runs again.
 */
export async function restoreStable(kc: KubeConfig, row: CanaryRow, image: string | null): Promise<void> {
  const spec: Record<string, unknown> = { replicas: row.stableReplicas };
  if (image) {
    const stable = await findDeployment(kc, row.namespace, row.deployment);
    if (stable) spec.template = { spec: { containers: promotedContainers(stable, image) } };
  }
  await patchDeploymentAs(kc, row.namespace, row.deployment, { spec }).catch(unlessGone);
  if (row.traffic === "gateway-api" && row.httpRoute && row.service) {
    const split = { service: row.service, canaryService: canaryServiceName(row.service) };
    await patchServiceAs(kc, row.namespace, row.service, {
      spec: { selector: { [POD_TEMPLATE_HASH]: null } },
    }).catch(unlessGone);
    const route = await readHttpRouteAs(kc, row.namespace, row.httpRoute).catch(unlessGone);
    if (route) await setHttpRouteRulesAs(kc, route, restoredRules(route, split));
    await deleteServiceAs(kc, row.namespace, split.canaryService);
  }
  await deleteDeploymentAs(kc, row.namespace, row.canaryDeployment);
}

export type EndOutcome =
  | { kind: "promote"; reason: string }
  | { kind: "rollback"; reason: string; final: "rolled-back" | "aborted" };

/** What the person who started it is told, and the audit detail. */
export function endMessage(
  row: Pick<CanaryRow, "deployment" | "image">,
  phase: string,
  reason: string,
): string {
  if (phase === "promoted")
    return `Canary of ${row.deployment} promoted: ${row.deployment} now runs ${row.image}. ${reason}.`;
  if (phase === "aborted") return `Canary of ${row.deployment} aborted: ${reason}.`;
  return `Canary of ${row.deployment} rolled back: ${reason}.`;
}

export type CanaryEndDeps = Pick<ApiDeps, "prisma" | "directory" | "notifications" | "log">;

/**
 * Ends a canary that was claimed (phase promoting or rolling-back) with `kc`
 * acting as a person: promote writes the image into the stable; both restore
 * the replicas and the route, and remove the canary's objects. Then the row
 * ends and the person who started it is told.
 */
export async function finishEnd(
  deps: CanaryEndDeps,
  kc: KubeConfig,
  row: CanaryRow,
  outcome: EndOutcome,
): Promise<CanaryRow> {
  await restoreStable(kc, row, outcome.kind === "promote" ? row.image : null);
  const phase = outcome.kind === "promote" ? "promoted" : outcome.final;
  const ended = await finishCanary(deps.prisma, row.id, { phase, reason: outcome.reason, at: new Date() });
  const message = endMessage(row, phase, outcome.reason);
  await deps.notifications
    ?.notify?.({
      to: { userId: row.startedById },
      title: message.split(":")[0] ?? message,
      body: message,
      severity: phase === "promoted" ? "info" : "warning",
      link: `/clusters/${row.clusterId}/resources/deployments/${row.deployment}?namespace=${encodeURIComponent(row.namespace)}`,
      idempotencyKey: `canary:${row.id}:end`,
    })
    .catch((error: unknown) =>
      deps.log?.warn(
        { canaryId: row.id, error: error instanceof Error ? error.message : String(error) },
        "canary: notify failed",
      ),
    );
  return ended;
}

/** An automatic end, audited as "system on behalf of" the person who started it. */
export async function auditAutomaticEnd(
  deps: CanaryEndDeps,
  row: CanaryRow,
  phase: "promoted" | "rolled-back" | "aborted",
  result: "ok" | "error",
  detail: string,
): Promise<void> {
  const starter = await describeUser(deps as ApiDeps, row.startedById).catch(() => null);
  await writeAudit(deps.prisma, {
    actorId: row.startedById,
    actorName: `system on behalf of ${starter?.username ?? row.startedById}`,
    guildId: row.guildId,
    action: phase === "promoted" ? "rollouts.canary.promote" : "rollouts.canary.rollback",
    target: `cluster/${row.clusterId}/namespace/${row.namespace}/deployment/${row.deployment}`,
    via: row.startedVia === "discord" ? "discord" : "web",
    result,
    detail,
  });
}

/** Whether the person who started the canary may still act for it (operator or admin in its guild). */
export async function starterActor(
  deps: Pick<ApiDeps, "directory" | "prisma">,
  row: CanaryRow,
): Promise<{ actor: Actor } | { lost: string }> {
  const membership = await resolveMembership(deps as ApiDeps, row.startedById, row.guildId);
  if (!membership) return { lost: "the person who started it is no longer a member of the server" };
  if (!roleAtLeast(membership.role, "operator")) {
    return { lost: `the person who started it is ${membership.role} now, not operator` };
  }
  return { actor: { userId: row.startedById, guildId: row.guildId, role: membership.role } };
}

/**
 * Promotes or aborts an Argo Rollout as `kubectl argo rollouts` does, as the
 * person (the cluster decides: Argo's roles aggregate rollouts and
 * rollouts/status into edit); its controller does the rest.
 */
async function actOnArgoRollout(
  kc: KubeConfig,
  ref: RolloutsCanaryRef,
  rollout: ArgoRollout,
  action: "promote" | "abort",
): Promise<RolloutsCanaryOutput> {
  let after = rollout;
  if (action === "abort") {
    after = await patchArgoRolloutAs(kc, ref.namespace, ref.deployment, argoAbortPatch(), "status");
  } else {
    const patches = argoPromotePatches(rollout);
    if (patches.status)
      after = await patchArgoRolloutAs(kc, ref.namespace, ref.deployment, patches.status, "status");
    if (patches.spec) after = await patchArgoRolloutAs(kc, ref.namespace, ref.deployment, patches.spec, null);
  }
  const status = argoRolloutStatus(after);
  const step =
    status.currentStep !== null && status.steps > 0
      ? ` (now at step ${status.currentStep} of ${status.steps})`
      : "";
  return {
    message:
      action === "abort"
        ? `Aborted Argo Rollout ${ref.deployment}: its controller goes back to the stable version.`
        : `Promoted Argo Rollout ${ref.deployment}${step}: its controller goes on from there.`,
    canary: argoAsCanary(after, ref.clusterId),
    argoRollout: status,
  };
}

async function endByHand(
  deps: ApiDeps,
  actor: Actor,
  ref: RolloutsCanaryRef,
  action: "promote" | "abort",
): Promise<RolloutsCanaryOutput> {
  const { kc } = await openRollout(deps, actor, target(ref));
  const row = await findRunningCanary(deps.prisma, ref);
  if (!row) {
    // No canary of ClusterCord's: an Argo Rollout of that name, when the cluster has them.
    const argo = await findArgoRolloutAs(kc, ref.namespace, ref.deployment);
    if (argo) return actOnArgoRollout(kc, ref, argo, action);
    throw new AppError("NOT_FOUND", {
      userMessage: `No canary of ${ref.deployment} is running in ${ref.namespace}.`,
    });
  }
  await mayOrRefuse(
    kc,
    { verb: "patch", resource: "deployments", group: "apps", namespace: ref.namespace },
    "change Deployments",
  );
  const who = (await describeUser(deps, actor.userId).catch(() => null))?.displayName ?? actor.userId;
  const end: EndOutcome =
    action === "promote"
      ? { kind: "promote", reason: `promoted by hand by ${who}` }
      : { kind: "rollback", reason: `aborted by ${who}`, final: "aborted" };
  const claimed = await claimCanaryEnd(
    deps.prisma,
    row.id,
    end.kind === "promote" ? "promoting" : "rolling-back",
    end.reason,
  );
  if (!claimed) {
    throw new AppError("CONFLICT", {
      userMessage: `The canary of ${ref.deployment} is already ending (${row.phase}).`,
    });
  }
  const ended = await finishEnd(deps, kc, row, end);
  const status = await canaryStatus(deps, ended);
  return { message: endMessage(row, ended.phase, end.reason), canary: status };
}

/** rollouts.promote: the canary's image goes to the stable now, without waiting for the window. */
export const promoteCanary = (deps: ApiDeps, actor: Actor, ref: RolloutsCanaryRef) =>
  endByHand(deps, actor, ref, "promote");

/** rollouts.abort: the canary is removed and the stable restored now. */
export const abortCanary = (deps: ApiDeps, actor: Actor, ref: RolloutsCanaryRef) =>
  endByHand(deps, actor, ref, "abort");
