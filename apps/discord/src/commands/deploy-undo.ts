import type { RolloutsUndoPlan } from "@clustercord/contracts";
import type { InteractionEditReplyOptions } from "discord.js";
import { CANCELLED, renderOutcome } from "../render/plan";
import { renderUndoPlan } from "../render/rollouts";
import { UserError } from "../user-error";
import { argsOnMessage, assertAsker, confirmRow } from "./cluster/confirm";
import { CUSTOM_ID_MAX, customId, packId, unpackId } from "./cluster/custom-id";
import { rolloutsApi } from "./deploy-api";
import { type DeployTarget, kindCodes, kindOfCode } from "./deploy-target";
import { editorOf, watchRollout } from "./deploy-watch";
import type { ButtonHandler } from "./types";

/**
 * `/deploy rollout undo`: rollouts.planUndo (current -> target revision, the
 * template changes and the diff) with Confirm/Cancel; Confirm runs
 * rollouts.undo with exactly what was planned and follows the rollout back.
 *
 * A custom id holds 100 characters: Confirm carries the token, the planned
 * target revision (the token is bound to it), the kind and the name; the cluster and
 * namespace ride on Cancel. The API re-checks everything on confirm.
 */
const CONFIRM = "dep-undo-ok";
const CANCEL = "dep-undo-no";
export const OUT_OF_DATE = "That button is out of date; run the /deploy command again.";

/** The Confirm and Cancel ids for an undo plan (exported for tests of the 100-character limit). */
export function undoButtonIds(target: DeployTarget, revision: number, confirmToken: string) {
  const confirmArgs = [confirmToken, String(revision), kindCodes[target.kind], target.name];
  const cancelArgs = [packId(target.clusterId), target.namespace];
  const fits = (prefix: string, args: string[]) => [prefix, ...args].join(":").length <= CUSTOM_ID_MAX;
  if (!fits(CONFIRM, confirmArgs) || !fits(CANCEL, cancelArgs)) {
    throw new UserError(
      `${target.name} has too long a name for Discord's buttons; undo it in the web dashboard instead.`,
    );
  }
  return { confirm: customId(CONFIRM, ...confirmArgs), cancel: customId(CANCEL, ...cancelArgs) };
}

/** The plan's message: the embed with the diff, and Confirm/Cancel. */
export function undoPlanReply(plan: RolloutsUndoPlan, target: DeployTarget): InteractionEditReplyOptions {
  const ids = undoButtonIds(target, plan.targetRevision, plan.confirmToken);
  return {
    embeds: [renderUndoPlan(plan)],
    components: [confirmRow(ids.confirm, `Undo to revision ${plan.targetRevision}`, ids.cancel)],
  };
}

/** Confirm: rollouts.undo as whoever clicked (the token is bound to the person who planned it). */
export const undoConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }) {
    assertAsker(interaction);
    const [confirmToken = "", revisionText = "", letter, name = ""] = args;
    const kind = kindOfCode(letter);
    const revision = Number.parseInt(revisionText, 10);
    const [packed = "", namespace = ""] = argsOnMessage(interaction, CANCEL) ?? [];
    const clusterId = unpackId(packed);
    if (!kind || !clusterId || !namespace || !name || !confirmToken || !(revision > 0))
      throw new UserError(OUT_OF_DATE);
    const target = { clusterId, namespace, kind, name };
    const rollouts = rolloutsApi(api);
    const out = await rollouts.undo({ ...target, revision, confirmToken });
    return watchRollout(editorOf(interaction), rollouts, target, out.status, {
      headline: out.message,
      moving: true,
    });
  },
};

export const undoCancelButton: ButtonHandler = {
  prefix: CANCEL,
  async execute({ interaction }) {
    assertAsker(interaction);
    return { embeds: [renderOutcome(CANCELLED, "brand")], components: [] };
  },
};
