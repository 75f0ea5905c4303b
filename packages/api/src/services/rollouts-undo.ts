/**
 * rollouts.planUndo / rollouts.undo, as `kubectl rollout undo` does it: the
 * chosen revision's ReplicaSet template written back to the Deployment, as
 * the person. The plan shows the current and target revisions and what of
 * the pod template changes (env values never); its token is bound to the
 * Deployment's uid, the target revision and the Deployment's generation, so
 * a Deployment changed since the plan needs a new plan.
 */
import {
  AppError,
  type RolloutsActionOutput,
  type RolloutsHistoryEntry,
  type RolloutsUndoPlan,
  type TemplateChange,
} from "@clustercord/contracts";
import {
  canI,
  type Obj,
  patchRollout,
  rolloutHistory,
  setRevision,
  templateDiff,
  undoChangeCause,
  undoPatch,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import { describeUser } from "./membership";
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

type UndoTarget = Target & { revision?: number | undefined };

const refuse = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });

interface Chosen {
  workload: Obj;
  replicaSet: Obj;
  current: number;
  target: RolloutsHistoryEntry;
}

/** The Deployment now, and the revision to go back to: the one asked for, else the newest before the current one. */
async function choose(
  deps: ApiDeps,
  actor: Actor,
  opened: OpenedRollout,
  revision: number | undefined,
): Promise<Chosen> {
  const { target } = opened;
  if (target.kind !== "Deployment")
    throw refuse(`Undo works on Deployments; ${target.name} is a ${target.kind}.`);
  const workload = await readWorkload(opened);
  if (workload.spec?.paused === true)
    throw refuse(`${target.name} is paused; resume it before undoing (a paused Deployment does not roll).`);
  const { sets } = await rolloutObjects(deps, actor, opened, { workload, need: "sets" });
  const { revisions } = rolloutHistory(workload, sets, "Deployment");
  const current = revisions.find((r) => r.current)?.revision ?? 0;
  const known = revisions.map((r) => r.revision).sort((a, b) => a - b);
  const chosen =
    revision === undefined
      ? revisions.find((r) => r.revision !== current)
      : revisions.find((r) => r.revision === revision);
  if (!chosen) {
    if (revision === undefined) throw refuse(`${target.name} has no earlier revision to undo to.`);
    throw refuse(`Revision ${revision} of ${target.name} does not exist; revisions: ${known.join(", ")}.`);
  }
  if (chosen.revision === current)
    throw refuse(`Revision ${current} is the current revision of ${target.name}; pick an earlier one.`);
  const replicaSet = sets.find(
    (s) => setRevision(s) === chosen.revision && s.metadata?.name === chosen.source.split(" ")[1],
  );
  if (!replicaSet)
    throw refuse(
      `Revision ${chosen.revision} of ${target.name} does not exist; revisions: ${known.join(", ")}.`,
    );
  return { workload, replicaSet, current, target: chosen };
}

const undoSubject = (actor: Actor, t: Target, chosen: Chosen) => ({
  action: "rollouts.undo",
  target: [
    t.clusterId,
    t.namespace,
    t.name,
    chosen.workload.metadata?.uid ?? "",
    chosen.target.revision,
    String((chosen.workload.metadata as { generation?: number } | undefined)?.generation ?? ""),
  ].join("/"),
  userId: actor.userId,
  guildId: actor.guildId,
});

const changeLine = (c: TemplateChange) =>
  `${c.area}${c.container ? ` of ${c.container}` : ""}: ${c.from} → ${c.to}`;

/** Step one: what undoing to the revision brings back, and a token to confirm it. Changes nothing. */
export async function planUndo(deps: ApiDeps, actor: Actor, input: UndoTarget): Promise<RolloutsUndoPlan> {
  const { revision, ...target } = input;
  const opened = await openRollout(deps, actor, target);
  const chosen = await choose(deps, actor, opened, revision);
  if (
    !(await canI(opened.kc, {
      verb: "patch",
      resource: "deployments",
      group: "apps",
      namespace: target.namespace,
    }))
  )
    throw new AppError("FORBIDDEN", {
      userMessage: `The cluster does not let you change Deployments in ${target.namespace}.`,
    });
  const { changes, diff } = templateDiff(
    { template: (chosen.workload.spec?.template ?? {}) as Record<string, unknown> },
    { template: (chosen.replicaSet.spec?.template ?? {}) as Record<string, unknown> },
  );
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, undoSubject(actor, target, chosen));
  return {
    summary: `Undo ${target.name} from revision ${chosen.current} to revision ${chosen.target.revision}?`,
    changes: changes.length
      ? changes.map(changeLine)
      : ["The pod template of that revision equals the current one except for labels the controller adds."],
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
    currentRevision: chosen.current,
    targetRevision: chosen.target.revision,
    templateChanges: changes,
    diff,
  };
}

/** Step two: writes the revision's template back AS the person, given the token its plan returned to them. */
export async function undoRollout(
  deps: ApiDeps,
  actor: Actor,
  input: UndoTarget & { confirmToken: string },
): Promise<RolloutsActionOutput> {
  const { revision, confirmToken, ...target } = input;
  const opened = await openRollout(deps, actor, target);
  const chosen = await choose(deps, actor, opened, revision);
  verifyConfirmation(deps.confirmationKey, confirmToken, undoSubject(actor, target, chosen));
  const by = (await describeUser(deps, actor.userId).catch(() => null))?.username ?? actor.userId;
  const body = undoPatch(chosen.workload, chosen.replicaSet, {
    changeCause: undoChangeCause(chosen.target.revision, by),
  });
  const patched = await patchRollout(opened.kc, "Deployment", target.namespace, target.name, {
    type: "json",
    body,
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw noSuchWorkload(target);
    // The generation test failed: the Deployment changed between the token check and the write.
    if (error instanceof AppError && error.code === "BAD_REQUEST" && /\btest/i.test(error.message))
      throw refuse(`${target.name} changed since the plan; plan the undo again.`);
    throw error;
  });
  const objects = await rolloutObjects(deps, actor, opened, { workload: patched });
  return {
    message: `Rolled ${target.name} back to revision ${chosen.target.revision} (${chosen.target.images.join(", ")}).`,
    status: await statusFromObjects(deps, actor, objects, target),
  };
}
