import type { PodsListOutput } from "@clustercord/contracts";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type InteractionEditReplyOptions,
  SlashCommandBuilder,
} from "discord.js";
import type { ApiClient } from "../api-client";
import { PODS_PAGE_SIZE, renderPods } from "../render/pods";
import { clusterOption, clusterOrNamespaceChoices, namespaceOption } from "./autocomplete";
import { clusterNamedOrOnly } from "./cluster/shared";
import type { ButtonHandler, SlashCommand } from "./types";

const PAGE_PREFIX = "pods-page";
/** Discord's limit on a button's custom id. */
const CUSTOM_ID_MAX = 100;

interface PodsQuery {
  clusterId: string;
  clusterName: string;
  namespace: string;
  cursor: number;
}

async function podsReply(
  api: ApiClient,
  q: PodsQuery,
  search?: string,
): Promise<InteractionEditReplyOptions> {
  const page: PodsListOutput = await api.pods.list.query({
    clusterId: q.clusterId,
    namespace: q.namespace,
    cursor: q.cursor,
    limit: PODS_PAGE_SIZE,
    ...(search ? { search } : {}),
  });
  const embed = renderPods(page, {
    clusterName: q.clusterName,
    namespace: q.namespace,
    cursor: q.cursor,
    search,
  });
  // The buttons carry where they lead (cluster id, namespace, cursor); the search is not
  // carried (ids are short), so a searched list is one page and says so in its footer.
  const idFor = (cursor: number) => `${PAGE_PREFIX}:${q.clusterId}:${q.namespace}:${cursor}`;
  const prev = Math.max(0, q.cursor - PODS_PAGE_SIZE);
  const pageable = !search && idFor(page.nextCursor ?? q.cursor).length <= CUSTOM_ID_MAX;
  const components =
    pageable && (q.cursor > 0 || page.nextCursor !== null)
      ? [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(`${idFor(prev)}:prev`)
              .setLabel("Prev")
              .setStyle(ButtonStyle.Secondary)
              .setDisabled(q.cursor === 0),
            new ButtonBuilder()
              .setCustomId(`${idFor(page.nextCursor ?? q.cursor)}:next`)
              .setLabel("Next")
              .setStyle(ButtonStyle.Secondary)
              .setDisabled(page.nextCursor === null),
          ),
        ]
      : [];
  return { embeds: [embed], components };
}

/** `/pods namespace:<ns> [cluster:<name>] [search]`: pods.list, one page at a time. */
export const podsCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("pods")
    .setDescription("List the pods in one of your namespaces on a cluster")
    .addStringOption((o) => namespaceOption(o))
    .addStringOption((o) => clusterOption(o, false))
    .addStringOption((o) =>
      o
        .setName("search")
        .setDescription("Only pods whose name, status or node contains this")
        .setMaxLength(100),
    )
    .toJSON(),
  ephemeral: false,
  async execute({ interaction, api }) {
    const cluster = await clusterNamedOrOnly(api, interaction.options.getString("cluster")?.trim());
    const namespace = interaction.options.getString("namespace", true).trim();
    const search = interaction.options.getString("search")?.trim() || undefined;
    return podsReply(api, { clusterId: cluster.id, clusterName: cluster.name, namespace, cursor: 0 }, search);
  },
  async autocomplete({ interaction, api }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== "cluster" && focused.name !== "namespace") return [];
    const clusterName = interaction.options.getString("cluster")?.trim();
    return clusterOrNamespaceChoices(api, focused.name, String(focused.value).slice(0, 100), clusterName);
  },
};

/** Prev / Next: the page, fetched as whoever clicked (the API checks their access again). */
export const podsPageButton: ButtonHandler = {
  prefix: PAGE_PREFIX,
  async execute({ api, args }) {
    const [clusterId = "", namespace = "", rawCursor] = args;
    const cursor = Math.max(0, Math.floor(Number(rawCursor) || 0));
    const { clusters } = await api.clusters.list.query();
    const clusterName = clusters.find((c) => c.id === clusterId)?.name ?? "this cluster";
    return podsReply(api, { clusterId, clusterName, namespace, cursor });
  },
};
