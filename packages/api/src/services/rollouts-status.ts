/**
 * rollouts.status: the pure judgement of @clustercord/kube over what
 * rollouts.ts read for the person, with the Deployment's running canary
 * (services/canary.ts) beside it.
 */
import type { RolloutsStatusOutput } from "@clustercord/contracts";
import { rolloutStatus } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { currentCanary } from "./canary-status";
import type { Actor } from "./read-access";
import { openRollout, type RolloutObjects, rolloutObjects, type Target } from "./rollouts";

/** The status of a workload's rollout from its objects; the person's access was checked when they were read. */
export async function statusFromObjects(
  deps: ApiDeps,
  actor: Actor,
  objects: RolloutObjects,
  target: Target,
): Promise<RolloutsStatusOutput> {
  const status = rolloutStatus({ ...objects, kind: target.kind, now: new Date() });
  const canary =
    target.kind === "Deployment"
      ? await currentCanary(deps, actor, {
          clusterId: target.clusterId,
          namespace: target.namespace,
          deployment: target.name,
        })
      : null;
  return { ...status, canary };
}

export async function getRolloutStatus(
  deps: ApiDeps,
  actor: Actor,
  target: Target,
): Promise<RolloutsStatusOutput> {
  const opened = await openRollout(deps, actor, target);
  return statusFromObjects(deps, actor, await rolloutObjects(deps, actor, opened), target);
}
