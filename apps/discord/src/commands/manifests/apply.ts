import { type InteractionEditReplyOptions, SlashCommandBuilder } from "discord.js";
import { manifestDiffFile, type PlanView, renderApplyPlan, renderApplyResult } from "../../render/manifests";
import { CANCELLED, renderOutcome } from "../../render/plan";
import { assertAsker, confirmRow } from "../cluster/confirm";
import { customId, packId } from "../cluster/custom-id";
import { confirmedPlan } from "../helm/operation";
import type { ButtonHandler, SlashCommand } from "../types";
import { manifestChoices, withManifestOptions } from "./options";
import { manifestsInput, validateReply } from "./validate";

/**
 * Confirm carries the plan id and its token (bound by the API to the plan's
 * hash, the person and the guild); the cluster travels in Cancel's id, as
 * for Helm plans. The API re-checks everything on confirm.
 */
const CONFIRM = "mf-ok";
const CANCEL = "mf-no";
export const APPLY_OUT_OF_DATE = "That button is out of date; run /apply again.";

/** The Confirm and Cancel ids for a plan (exported for tests of Discord's 100-character limit). */
export function applyButtonIds(plan: { planId: string; confirmToken: string; clusterId: string }) {
  return {
    confirm: customId(CONFIRM, packId(plan.planId), plan.confirmToken),
    cancel: customId(CANCEL, packId(plan.clusterId)),
  };
}

/** A plan's message: the checklist, objects and diff; Confirm/Cancel only when it may be applied. */
export function applyPlanReply(plan: PlanView): InteractionEditReplyOptions {
  const embeds = [renderApplyPlan(plan)];
  const file = manifestDiffFile(plan.objects);
  const files = file ? [file] : [];
  if (!plan.ok || !plan.planId || !plan.confirmToken) return { embeds, files, components: [] };
  const ids = applyButtonIds({
    planId: plan.planId,
    confirmToken: plan.confirmToken,
    clusterId: plan.clusterId,
  });
  const label = `Apply ${plan.counts.objects} object${plan.counts.objects === 1 ? "" : "s"}`;
  return { embeds, files, components: [confirmRow(ids.confirm, label, ids.cancel)] };
}

/**
 * `/apply file: [file2..file5] [namespace:] [dry_run:] [cluster:]`:
 * manifests.planApply (the six steps as /validate runs them, and a plan) with
 * Confirm/Cancel for the person who asked; dry_run is /validate.
 */
export const applyCommand: SlashCommand = {
  definition: withManifestOptions(
    new SlashCommandBuilder()
      .setName("apply")
      .setDescription("Apply Kubernetes manifests (validates and shows the diff first; asks to confirm)"),
    "apply",
    (b) => {
      b.addBooleanOption((o) => o.setName("dry_run").setDescription("Only validate: change nothing"));
    },
  ).toJSON(),
  ephemeral: true,
  async execute({ interaction, api }) {
    if (interaction.options.getBoolean("dry_run")) return validateReply(api, interaction, { dryRun: true });
    const plan = await api.manifests.planApply.mutate(await manifestsInput(api, interaction));
    return applyPlanReply(plan);
  },
  autocomplete: ({ interaction, api }) => manifestChoices(api, interaction),
};

/** Confirm: manifests.apply of exactly the planned objects, as the person who planned them. */
export const applyConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }) {
    const result = await api.manifests.apply.mutate(
      confirmedPlan(interaction, args, CANCEL, APPLY_OUT_OF_DATE),
    );
    return { embeds: [renderApplyResult(result)], components: [], attachments: [] };
  },
};

/** Cancel: nothing is applied; the buttons and the attached diff go. */
export const applyCancelButton: ButtonHandler = {
  prefix: CANCEL,
  async execute({ interaction }) {
    assertAsker(interaction);
    return { embeds: [renderOutcome(CANCELLED, "brand")], components: [], attachments: [] };
  },
};

export const manifestButtons: readonly ButtonHandler[] = [applyConfirmButton, applyCancelButton];
