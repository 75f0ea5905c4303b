import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type InteractionEditReplyOptions,
} from "discord.js";
import { CANCELLED, renderOutcome } from "../../render/plan";
import { UserError } from "../../user-error";
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

export const NOT_YOURS = "Only the person who ran this command can use its buttons.";

/** Refuses a click by anyone but the person whose command made the message. */
export function assertAsker(interaction: ButtonInteraction<"cached" | "raw">) {
  const asker = interaction.message.interactionMetadata?.user?.id;
  if (asker && asker !== interaction.user.id) throw new UserError(NOT_YOURS);
}

/** The argument of the button with `prefix` on the clicked message (the plan's Cancel carries the cluster). */
export function argsOnMessage(
  interaction: ButtonInteraction<"cached" | "raw">,
  prefix: string,
): string[] | null {
  for (const row of interaction.message.components) {
    const json = (row as { toJSON(): { components?: { custom_id?: string }[] } }).toJSON();
    for (const component of json.components ?? []) {
      const [p, ...args] = component.custom_id?.split(":") ?? [];
      if (p === prefix) return args;
    }
  }
  return null;
}
