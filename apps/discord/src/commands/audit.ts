import type { AuditListOutput } from "@clustercord/contracts";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type InteractionEditReplyOptions,
  SlashCommandBuilder,
} from "discord.js";
import type { ApiClient } from "../api-client";
import { AUDIT_PAGE_MAX, renderAudit } from "../render/audit";
import type { ButtonHandler, SlashCommand } from "./types";

export const AUDIT_DEFAULT_LIMIT = 10;
const OLDER_PREFIX = "audit-older";

/** The page's embed, plus an "Older" button that carries the cursor and page size. */
function auditReply(page: AuditListOutput, limit: number, guildName?: string): InteractionEditReplyOptions {
  const components = page.nextCursor
    ? [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(`${OLDER_PREFIX}:${page.nextCursor}:${limit}`)
            .setLabel("Older")
            .setStyle(ButtonStyle.Secondary),
        ),
      ]
    : [];
  return { embeds: [renderAudit(page, { guildName })], components };
}

async function fetchPage(api: ApiClient, limit: number, cursor?: string) {
  return api.audit.list.query({ limit, ...(cursor ? { cursor } : {}) });
}

export const auditCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("audit")
    .setDescription("Show this server's recent ClusterCord audit log (admins)")
    .addIntegerOption((option) =>
      option
        .setName("limit")
        .setDescription(`How many entries (1-${AUDIT_PAGE_MAX}, default ${AUDIT_DEFAULT_LIMIT})`)
        .setMinValue(1)
        .setMaxValue(AUDIT_PAGE_MAX),
    )
    .toJSON(),
  // The log is for admins; others in the channel must not see it.
  ephemeral: true,
  async execute({ interaction, api }) {
    const limit = interaction.options.getInteger("limit") ?? AUDIT_DEFAULT_LIMIT;
    return auditReply(await fetchPage(api, limit), limit, interaction.guild?.name);
  },
};

/** "Older": the next page, fetched as whoever clicked (the API checks their role again). */
export const auditOlderButton: ButtonHandler = {
  prefix: OLDER_PREFIX,
  async execute({ interaction, api, args }) {
    const [cursor, rawLimit] = args;
    const limit = Math.min(Math.max(Number(rawLimit) || AUDIT_DEFAULT_LIMIT, 1), AUDIT_PAGE_MAX);
    return auditReply(await fetchPage(api, limit, cursor), limit, interaction.guild?.name);
  },
};
