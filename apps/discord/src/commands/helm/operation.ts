import type { HelmConfirmInput, HelmOperation, HelmOperationKind, HelmPlan } from "@clustercord/contracts";
import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type InteractionEditReplyOptions,
} from "discord.js";
import type { ApiClient } from "../../api-client";
import { confirmLabel, planFile, renderHelmPlan, renderOperation } from "../../render/helm";
import { CANCELLED, renderOutcome } from "../../render/plan";
import { UserError } from "../../user-error";
import { argsOnMessage, assertAsker, confirmRow } from "../cluster/confirm";
import { customId, packId, unpackId } from "../cluster/custom-id";
import type { ButtonHandler } from "../types";
import { follow } from "./follow";

/**
 * The four Helm operations' second step, shared by install, upgrade,
 * rollback and uninstall: the plan with Confirm/Cancel, then the operation
 * followed live with its own Cancel button (helm.cancel) until the API says how it ended.
 *
 * A custom id holds 100 characters: Confirm carries the kind, the plan id and
 * the token; the cluster travels in the Cancel button's id (as for pod
 * deletion). The API re-checks everything on confirm.
 */
const CONFIRM = "helm-ok";
const CANCEL = "helm-no";
const STOP = "helm-stop";

const kindCodes: Record<HelmOperationKind, string> = {
  install: "i",
  upgrade: "u",
  rollback: "r",
  uninstall: "x",
};
const kindOfCode = (letter: string | undefined) =>
  (Object.entries(kindCodes).find(([, c]) => c === letter)?.[0] as HelmOperationKind | undefined) ?? null;

export const OUT_OF_DATE = "That button is out of date; run the /helm command again.";
const NO_MENTIONS = { parse: [] as [] };

/** The Confirm and Cancel ids for a plan (exported for tests of the 100-character limit). */
export function planButtonIds(plan: Pick<HelmPlan, "kind" | "planId" | "confirmToken" | "clusterId">) {
  return {
    confirm: customId(CONFIRM, kindCodes[plan.kind], packId(plan.planId), plan.confirmToken),
    cancel: customId(CANCEL, packId(plan.clusterId)),
  };
}

/** A plan's message: the summary embed, plan.diff, and (unless a dry run) Confirm/Cancel. */
export function planReply(plan: HelmPlan, options: { dryRun: boolean }): InteractionEditReplyOptions {
  const embeds = [renderHelmPlan(plan, options)];
  const files = [planFile(plan)];
  if (options.dryRun) return { embeds, files, components: [] };
  const ids = planButtonIds(plan);
  return { embeds, files, components: [confirmRow(ids.confirm, confirmLabel(plan), ids.cancel)] };
}

/**
 * The plan a Confirm button confirms: only the asker may press it; the plan id
 * and token are its own arguments, the cluster rides on the plan's Cancel.
 */
export function confirmedPlan(
  interaction: ButtonInteraction<"cached" | "raw">,
  args: readonly string[],
  cancelPrefix: string,
  outOfDate: string,
): { clusterId: string; planId: string; confirmToken: string } {
  assertAsker(interaction);
  const [packedPlan = "", confirmToken = ""] = args;
  const planId = unpackId(packedPlan);
  const clusterId = unpackId(argsOnMessage(interaction, cancelPrefix)?.[0] ?? "");
  if (!planId || !clusterId || !confirmToken) throw new UserError(outOfDate);
  return { clusterId, planId, confirmToken };
}

/** A running operation's message: its state, and Cancel (helm.cancel) while it runs. */
export function operationReply(op: HelmOperation): InteractionEditReplyOptions {
  const components =
    op.status === "running"
      ? [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(customId(STOP, packId(op.clusterId), packId(op.id)))
              .setLabel("Cancel")
              .setStyle(ButtonStyle.Secondary),
          ),
        ]
      : [];
  return { embeds: [renderOperation(op)], components };
}

function confirmCall(api: ApiClient, kind: HelmOperationKind, input: HelmConfirmInput) {
  switch (kind) {
    case "install":
      return api.helm.install.mutate(input);
    case "upgrade":
      return api.helm.upgrade.mutate(input);
    case "rollback":
      return api.helm.rollback.mutate(input);
    case "uninstall":
      return api.helm.uninstall.mutate(input);
  }
}

/** Follows an operation until it ends, editing the message as Helm runs; returns the final reply. */
export async function followOperation(
  api: ApiClient,
  interaction: ButtonInteraction<"cached" | "raw">,
  first: HelmOperation,
): Promise<InteractionEditReplyOptions> {
  const edit = (reply: InteractionEditReplyOptions) =>
    interaction.editReply({ ...reply, allowedMentions: NO_MENTIONS });
  await edit(operationReply(first));
  return follow(first, {
    poll: () => api.helm.operation.query({ clusterId: first.clusterId, operationId: first.id }),
    done: (op) => op.status !== "running",
    render: operationReply,
    edit,
    givenUp: (op) => ({
      embeds: [
        renderOutcome(
          `${op.release} is still being worked on; see how it ended with /helm list or /helm history.`,
          "brand",
        ),
      ],
      components: [],
    }),
  });
}

/** Confirm: runs exactly the plan, as whoever clicked (the token is bound to the person who planned it). */
export const helmConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }) {
    assertAsker(interaction);
    const [letter, packedPlan = "", confirmToken = ""] = args;
    const kind = kindOfCode(letter);
    const planId = unpackId(packedPlan);
    const clusterId = unpackId(argsOnMessage(interaction, CANCEL)?.[0] ?? "");
    if (!kind || !planId || !clusterId || !confirmToken) throw new UserError(OUT_OF_DATE);
    const started = await confirmCall(api, kind, { clusterId, planId, confirmToken });
    return followOperation(api, interaction, started);
  },
};

/** Cancel under a plan: nothing runs; the plan's buttons and attachment go. */
export const helmCancelButton: ButtonHandler = {
  prefix: CANCEL,
  async execute({ interaction }) {
    assertAsker(interaction);
    return { embeds: [renderOutcome(CANCELLED, "brand")], components: [], attachments: [] };
  },
};

/** Cancel while an operation runs: helm.cancel (Helm is stopped; an atomic upgrade rolls back). */
export const helmStopButton: ButtonHandler = {
  prefix: STOP,
  async execute({ interaction, api, args }) {
    assertAsker(interaction);
    const clusterId = unpackId(args[0] ?? "");
    const operationId = unpackId(args[1] ?? "");
    if (!clusterId || !operationId) throw new UserError(OUT_OF_DATE);
    const op = await api.helm.cancel.mutate({ clusterId, operationId });
    const reply = operationReply(op);
    // The Confirm click that started it keeps following and shows how it ended.
    return op.status === "running" ? { ...reply, components: [] } : reply;
  },
};

export const helmOperationButtons: readonly ButtonHandler[] = [
  helmConfirmButton,
  helmCancelButton,
  helmStopButton,
];
