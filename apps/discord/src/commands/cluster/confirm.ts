import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type InteractionEditReplyOptions } from "discord.js";
import { CANCELLED, renderOutcome } from "../../render/plan";
import type { ButtonHandler } from "../types";

/** The row under a plan: a red confirm button (carrying what the API needs) and Cancel. */
export function confirmRow(confirmId: string, label: string, cancelId: string) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(confirmId).setLabel(label.slice(0, 80)).setStyle(ButtonStyle.Danger),
    new ButtonBuilder().setCustomId(cancelId).setLabel("Cancel").setStyle(ButtonStyle.Secondary),
  );
}

/** Cancel: the plan's message says nothing changed, and its buttons go. */
export function cancelButton(prefix: string): ButtonHandler {
  return {
    prefix,
    async execute(): Promise<InteractionEditReplyOptions> {
      return { embeds: [renderOutcome(CANCELLED, "brand")], components: [] };
    },
  };
}
