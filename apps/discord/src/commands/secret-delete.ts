import type { InteractionEditReplyOptions } from "discord.js";
import { renderOutcome, renderPlan } from "../render/plan";
import { plain } from "../render/style";
import { UserError } from "../user-error";
import { argsOnMessage, assertAsker, cancelButton, confirmRow } from "./cluster/confirm";
import { CUSTOM_ID_MAX, customId } from "./cluster/custom-id";
import type { ClusterSubcommand } from "./cluster/types";
import { withSecretName } from "./secret-options";
import type { ButtonHandler } from "./types";

/**
 * `/secret delete name: [delete_applied:]` (admins): secrets.planDelete with
 * Confirm/Cancel; Confirm calls secrets.delete with the plan's token. The
 * name and the choice travel in Cancel's id, the token in Confirm's.
 */
const CONFIRM = "sec-del-ok";
const CANCEL = "sec-del-no";
export const DELETE_OUT_OF_DATE = "That button is out of date; run /secret delete again.";

export const deleteSubcommand: ClusterSubcommand = {
  name: "delete",
  description: "Delete a secret and all its versions from the vault (admins); asks to confirm",
  options: (sub) =>
    withSecretName(sub).addBooleanOption((o) =>
      o
        .setName("delete_applied")
        .setDescription("Also delete the Kubernetes Secrets it was applied as (default: leave them)"),
    ),
  async execute({ interaction, api }) {
    const name = interaction.options.getString("name", true).trim();
    const deleteApplied = interaction.options.getBoolean("delete_applied") ?? false;
    const cancelArgs = [name, deleteApplied ? "1" : "0"];
    if ([CANCEL, ...cancelArgs].join(":").length > CUSTOM_ID_MAX) {
      throw new UserError(
        "That name is too long for Discord's buttons; delete it on the web's Secrets page.",
      );
    }
    const plan = await api.secrets.planDelete.query({ name, deleteApplied });
    return {
      embeds: [renderPlan(plan)],
      components: [
        confirmRow(customId(CONFIRM, plan.confirmToken), `Delete ${name}`, customId(CANCEL, ...cancelArgs)),
      ],
    };
  },
};

/** Confirm: secrets.delete as the person who planned it. */
export const deleteConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }): Promise<InteractionEditReplyOptions> {
    assertAsker(interaction);
    const [name = "", flag = ""] = argsOnMessage(interaction, CANCEL) ?? [];
    if (!name || !/^[01]$/.test(flag)) throw new UserError(DELETE_OUT_OF_DATE);
    const { message } = await api.secrets.delete.mutate({
      name,
      deleteApplied: flag === "1",
      confirmToken: args[0] ?? "",
    });
    return { embeds: [renderOutcome(plain(message, 1000))], components: [] };
  },
};

export const deleteButtons: readonly ButtonHandler[] = [deleteConfirmButton, cancelButton(CANCEL)];
