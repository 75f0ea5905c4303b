/**
 * rollouts.pause, resume, restart and scale: one change to the workload, as
 * the person (the cluster's RBAC decides), refused first with a clear
 * sentence when it makes no sense for that kind or state.
 */
import { AppError, type RolloutsActionOutput } from "@clustercord/contracts";
import {
  type Obj,
  patchRollout,
  RESTARTED_AT_ANNOTATION,
  type RolloutPatch,
  scaleRollout,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import type { Actor } from "./read-access";
import {
  noSuchWorkload,
  type OpenedRollout,
  openRollout,
  readWorkload,
  rolloutObjects,
  type Target,
} from "./rollouts";
import { statusFromObjects } from "./rollouts-status";

const refuse = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });

const deploymentsOnly = (target: Target, verb: "paused" | "resumed") => {
  if (target.kind !== "Deployment")
    throw refuse(`Only Deployments can be ${verb}; ${target.name} is a ${target.kind}.`);
};

const specReplicas = (w: Obj) => (typeof w.spec?.replicas === "number" ? w.spec.replicas : 1);

/** The answer after a change: its sentence and the rollout as the patched workload now stands. */
async function answer(
  deps: ApiDeps,
  actor: Actor,
  opened: OpenedRollout,
  workload: Obj,
  message: string,
): Promise<RolloutsActionOutput> {
  const objects = await rolloutObjects(deps, actor, opened, { workload });
  return { message, status: await statusFromObjects(deps, actor, objects, opened.target) };
}

async function patch(opened: OpenedRollout, body: RolloutPatch): Promise<Obj> {
  const { kc, target } = opened;
  return patchRollout(kc, target.kind, target.namespace, target.name, body).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? noSuchWorkload(target) : error;
  });
}

async function setPaused(deps: ApiDeps, actor: Actor, target: Target, paused: boolean) {
  deploymentsOnly(target, paused ? "paused" : "resumed");
  const opened = await openRollout(deps, actor, target);
  const current = await readWorkload(opened);
  if ((current.spec?.paused === true) === paused)
    return answer(
      deps,
      actor,
      opened,
      current,
      `The rollout of ${target.name} is already ${paused ? "paused" : "running"}.`,
    );
  const patched = await patch(opened, { type: "merge", body: { spec: { paused } } });
  return answer(
    deps,
    actor,
    opened,
    patched,
    `${paused ? "Paused" : "Resumed"} the rollout of ${target.name}.`,
  );
}

export const pauseRollout = (deps: ApiDeps, actor: Actor, target: Target) =>
  setPaused(deps, actor, target, true);
export const resumeRollout = (deps: ApiDeps, actor: Actor, target: Target) =>
  setPaused(deps, actor, target, false);

/** As `kubectl rollout restart`: a new restartedAt annotation on the pod template makes a new revision. */
export async function restartRollout(
  deps: ApiDeps,
  actor: Actor,
  target: Target,
): Promise<RolloutsActionOutput> {
  const opened = await openRollout(deps, actor, target);
  const current = await readWorkload(opened);
  if (current.spec?.paused === true)
    throw refuse(
      `${target.name} is paused; resume it before restarting (a paused Deployment does not roll).`,
    );
  const at = new Date().toISOString();
  const patched = await patch(opened, {
    type: "merge",
    body: { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: at } } } } },
  });
  return answer(
    deps,
    actor,
    opened,
    patched,
    `Restarted ${target.name}: its pods are replaced by the rollout.`,
  );
}

export async function scaleWorkload(
  deps: ApiDeps,
  actor: Actor,
  input: Target & { replicas: number },
): Promise<RolloutsActionOutput> {
  const { replicas, ...target } = input;
  if (target.kind === "DaemonSet")
    throw refuse(`A DaemonSet runs one pod on each matching node; ${target.name} cannot be scaled.`);
  const opened = await openRollout(deps, actor, target);
  const before = specReplicas(await readWorkload(opened));
  if (before !== replicas) {
    await scaleRollout(opened.kc, target.kind, target.namespace, target.name, replicas).catch(
      (error: unknown) => {
        throw error instanceof AppError && error.code === "NOT_FOUND" ? noSuchWorkload(target) : error;
      },
    );
  }
  const after = await readWorkload(opened);
  const message =
    before === replicas
      ? `${target.name} already has ${replicas} replica${replicas === 1 ? "" : "s"}.`
      : `Scaled ${target.name} from ${before} to ${replicas} replica${replicas === 1 ? "" : "s"}.`;
  return answer(deps, actor, opened, after, message);
}
