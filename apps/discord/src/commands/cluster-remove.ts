import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type InteractionEditReplyOptions,
  SlashCommandBuilder,
} from "discord.js";
import { renderPlan } from "../render/plan";
import { colors, plain } from "../render/style";
import type { ButtonHandler, SlashCommand } from "./types";

const CONFIRM = "cluster-remove";
const CANCEL = "cluster-remove-cancel";

/** `/cluster-remove name:<n>`: shows the plan with Confirm/Cancel; the API re-checks everything on confirm. */
export const clusterRemoveCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("cluster-remove")
    .setDescription("Remove a cluster from this server (admins; asks to confirm)")
    .addStringOption((o) =>
      o.setName("name").setDescription("The cluster's name").setRequired(true).setMaxLength(40),
    )
    .toJSON(),
  ephemeral: true,
  async execute({ interaction, api }) {
    const name = interaction.options.getString("name", true);
    const { clusters } = await api.clusters.list.query();
    const cluster = clusters.find((c) => c.name === name);
    if (!cluster) {
      return {
        embeds: [{ color: colors.error, description: `No cluster named ${plain(name, 40)} in this server.` }],
      };
    }
    const plan = await api.clusters.planRemove.query({ clusterId: cluster.id });
    return {
      embeds: [renderPlan(plan)],
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(`${CONFIRM}:${cluster.id}:${plan.confirmToken}`)
            .setLabel(`Remove ${cluster.name}`)
            .setStyle(ButtonStyle.Danger),
          new ButtonBuilder().setCustomId(CANCEL).setLabel("Cancel").setStyle(ButtonStyle.Secondary),
        ),
      ],
    };
  },
};

export const clusterRemoveConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ api, args }): Promise<InteractionEditReplyOptions> {
    const [clusterId = "", confirmToken = ""] = args;
    const { removed } = await api.clusters.remove.mutate({ clusterId, confirmToken });
    return {
      embeds: [{ color: colors.ok, description: `Removed cluster ${plain(removed, 40)}.` }],
      components: [],
    };
  },
};

export const clusterRemoveCancelButton: ButtonHandler = {
  prefix: CANCEL,
  async execute() {
    return {
      embeds: [{ color: colors.brand, description: "Cancelled: nothing was changed." }],
      components: [],
    };
  },
};
