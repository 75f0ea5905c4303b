import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js";
import { CUSTOM_ID_MAX } from "../cluster/custom-id";

/**
 * Prev/Next under a paged table. Each button carries everything its page
 * needs (`<prefix>:<args>:<page>`); when that does not fit Discord's 100
 * characters, there are no buttons and the footer tells how to narrow.
 */
export function pageRow(prefix: string, args: readonly string[], page: number, pages: number) {
  if (pages <= 1) return null;
  const id = (p: number, dir: string) => [prefix, ...args, String(p), dir].join(":");
  if (id(pages, "next").length > CUSTOM_ID_MAX || args.some((a) => a.includes(":"))) return null;
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(id(Math.max(0, page - 1), "prev"))
      .setLabel("Prev")
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page === 0),
    new ButtonBuilder()
      .setCustomId(id(Math.min(pages - 1, page + 1), "next"))
      .setLabel("Next")
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page >= pages - 1),
  );
}

/** The page number a button carried (a bad one is page 0). */
export const pageArg = (raw: string | undefined) => Math.max(0, Math.floor(Number(raw) || 0));
