import { SlashCommandBuilder } from "discord.js";
import { renderClusters } from "../render/clusters";
import type { SlashCommand } from "./types";

export const clustersCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("clusters")
    .setDescription("List this server's Kubernetes clusters and their health")
    .toJSON(),
  ephemeral: true,
  async execute({ interaction, api }) {
    const { clusters } = await api.clusters.list.query();
    const statuses = await Promise.all(clusters.map((c) => api.clusters.status.query({ clusterId: c.id })));
    return { embeds: [renderClusters(statuses, interaction.guild?.name)] };
  },
};
