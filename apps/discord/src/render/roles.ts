import type { RolesListOutput } from "@clustercord/contracts";
import type { APIEmbed } from "discord.js";
import { colors, plain } from "./style";

/** `/roles`: the same mapping table as the web Roles page. */
export function renderRoles(list: RolesListOutput, guildName?: string): APIEmbed {
  const lines = list.roles.map((r) => {
    const role = r.grantsAdmin ? "admin (Discord permissions)" : (r.mapped ?? "not mapped (viewer)");
    return `**${plain(r.name, 100)}** → ${role}`;
  });
  return {
    title: guildName ? `Roles in ${plain(guildName, 200)}` : "Roles",
    color: colors.brand,
    description: lines.length
      ? lines.join("\n").slice(0, 4000)
      : "This server has no roles besides @everyone.",
    footer: { text: "Members without a mapped role are viewers. Change with /roles role:<name> as:<role>." },
  };
}
