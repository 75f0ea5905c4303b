import { type MeOutput, roleAtLeast } from "@clustercord/contracts";
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type InteractionEditReplyOptions } from "discord.js";
import { renderOutcome, renderPlan } from "../render/plan";
import { plain } from "../render/style";
import { UserError } from "../user-error";
import { argsOnMessage, cancelButton, confirmRow } from "./cluster/confirm";
import { CUSTOM_ID_MAX, customId, packId, unpackId } from "./cluster/custom-id";
import type { ButtonHandler } from "./types";

/**
 * Deleting a pod from `/describe`: "Delete…" asks the API for the plan, shown
 * with Confirm/Cancel. A custom id holds 100 characters, too few for the pod
 * and the token together, so the pod travels in the Cancel button's id and
 * Confirm carries only the token; the API re-checks everything on confirm.
 */
const PLAN = "pod-delete";
const CONFIRM = "pod-delete-ok";
const CANCEL = "pod-delete-no";

interface PodRef {
  clusterId: string;
  namespace: string;
  pod: string;
}

const refArgs = (ref: PodRef) => [packId(ref.clusterId), ref.namespace, ref.pod];

function refFrom(args: string[]): PodRef | null {
  const [packed = "", namespace = "", pod = ""] = args;
  const clusterId = unpackId(packed);
  return clusterId && namespace && pod ? { clusterId, namespace, pod } : null;
}

const fits = (prefix: string, args: string[]) => [prefix, ...args].join(":").length <= CUSTOM_ID_MAX;

/** The "Delete…" row under a pod's `/describe`, for operators and admins (null when the names are too long). */
export function deletePodRow(me: MeOutput, ref: PodRef) {
  if (!me.guild || !roleAtLeast(me.guild.role, "operator")) return null;
  const args = refArgs(ref);
  if (!fits(PLAN, args) || !fits(CANCEL, args)) return null;
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customId(PLAN, ...args))
      .setLabel("Delete…")
      .setStyle(ButtonStyle.Danger),
  );
}

/** "Delete…": pods.planDelete as whoever clicked; the plan replaces the description. */
export const deletePodPlanButton: ButtonHandler = {
  prefix: PLAN,
  async execute({ api, args }): Promise<InteractionEditReplyOptions> {
    const ref = refFrom(args);
    if (!ref) throw new UserError("That button is out of date; run /describe again.");
    const plan = await api.pods.planDelete.query(ref);
    return {
      embeds: [renderPlan(plan)],
      components: [
        confirmRow(
          customId(CONFIRM, plan.confirmToken),
          `Delete ${ref.pod}`,
          customId(CANCEL, ...refArgs(ref)),
        ),
      ],
    };
  },
};

/** Confirm: pods.delete as whoever clicked (the token is bound to the person who planned it, and the pod). */
export const deletePodConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }): Promise<InteractionEditReplyOptions> {
    const cancelArgs = argsOnMessage(interaction, CANCEL);
    const ref = cancelArgs ? refFrom(cancelArgs) : null;
    if (!ref) throw new UserError("That button is out of date; run /describe again.");
    const { deleted, replacedBy } = await api.pods.delete.mutate({ ...ref, confirmToken: args[0] ?? "" });
    const next = replacedBy ? ` Its ${plain(replacedBy, 120)} starts a replacement.` : "";
    return { embeds: [renderOutcome(`Deleted pod ${plain(deleted, 120)}.${next}`)], components: [] };
  },
};

export const deletePodCancelButton = cancelButton(CANCEL);

export const podDeleteButtons: readonly ButtonHandler[] = [
  deletePodPlanButton,
  deletePodConfirmButton,
  deletePodCancelButton,
];
