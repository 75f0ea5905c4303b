import { SlashCommandBuilder } from "discord.js";
import { renderWhoami } from "../render/whoami";
import type { SlashCommand } from "./types";

export const whoamiCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("whoami")
    .setDescription("Show who ClusterCord thinks you are in this server, and your role")
    .toJSON(),
  ephemeral: true,
  async execute({ api }) {
    const me = await api.me.get.query();
    return { embeds: [renderWhoami(me)] };
  },
};
