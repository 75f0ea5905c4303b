import { SlashCommandBuilder } from "discord.js";
import { renderRoles } from "../render/roles";
import { colors, plain } from "../render/style";
import type { SlashCommand } from "./types";

const choices = ["viewer", "operator", "admin", "none"] as const;

/** `/roles` lists the mapping; `/roles role:<name> as:<role>` changes it (admins; the API decides). */
export const rolesCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("roles")
    .setDescription("Show or change which ClusterCord role each Discord role grants")
    .addStringOption((o) => o.setName("role").setDescription("A Discord role's name").setMaxLength(100))
    .addStringOption((o) =>
      o
        .setName("as")
        .setDescription("The ClusterCord role it grants")
        .addChoices(...choices.map((c) => ({ name: c, value: c }))),
    )
    .toJSON(),
  ephemeral: true,
  async execute({ interaction, api }) {
    const name = interaction.options.getString("role");
    const as = interaction.options.getString("as") as (typeof choices)[number] | null;
    const list = await api.roles.list.query();
    if (name && as) {
      const target = list.roles.find((r) => r.name.toLowerCase() === name.toLowerCase());
      if (!target) {
        return {
          embeds: [{ color: colors.error, description: `No Discord role named ${plain(name, 100)}.` }],
        };
      }
      await api.roles.set.mutate({ discordRoleId: target.discordRoleId, role: as });
      return { embeds: [renderRoles(await api.roles.list.query(), interaction.guild?.name)] };
    }
    if (name || as) {
      return {
        embeds: [{ color: colors.error, description: "Give both `role` and `as` to change a mapping." }],
      };
    }
    return { embeds: [renderRoles(list, interaction.guild?.name)] };
  },
};
