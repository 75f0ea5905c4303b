import { POD_LOGS_MAX_LINES } from "@clustercord/contracts";
import { SlashCommandBuilder } from "discord.js";
import { renderLogs } from "../render/logs";
import {
  choices,
  clusterOption,
  clusterOrNamespaceChoices,
  MAX_CHOICES,
  namespaceOption,
} from "./autocomplete";
import { clusterNamed } from "./cluster/shared";
import type { SlashCommand } from "./types";

/**
 * `/logs cluster:<c> namespace:<ns> pod:<p> [container:<c>] [lines:<n>] [previous:<b>]`:
 * pods.logs as the person who typed it, shown only to them (logs can hold
 * secrets). Autocomplete offers their clusters, namespaces, pods (from the
 * cluster's cache) and the pod's containers.
 */
export const logsCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("logs")
    .setDescription("Show the end of a container's log")
    .addStringOption(clusterOption)
    .addStringOption((o) => namespaceOption(o))
    .addStringOption((o) =>
      o.setName("pod").setDescription("The pod").setRequired(true).setMaxLength(253).setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName("container")
        .setDescription("The container (default: the pod's first)")
        .setMaxLength(63)
        .setAutocomplete(true),
    )
    .addIntegerOption((o) =>
      o
        .setName("lines")
        .setDescription(`Lines from the end (default 100, at most ${POD_LOGS_MAX_LINES})`)
        .setMinValue(1)
        .setMaxValue(POD_LOGS_MAX_LINES),
    )
    .addBooleanOption((o) =>
      o.setName("previous").setDescription("The previous (terminated) instance of the container"),
    )
    .toJSON(),
  ephemeral: true,
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("cluster", true));
    const container = interaction.options.getString("container")?.trim();
    const log = await api.pods.logs.query({
      clusterId: cluster.id,
      namespace: interaction.options.getString("namespace", true).trim(),
      pod: interaction.options.getString("pod", true).trim(),
      ...(container ? { container } : {}),
      lines: interaction.options.getInteger("lines") ?? 100,
      previous: interaction.options.getBoolean("previous") ?? false,
    });
    return renderLogs(log, { clusterName: cluster.name });
  },
  async autocomplete({ interaction, api }) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).slice(0, 100);
    const clusterName = interaction.options.getString("cluster")?.trim();
    if (focused.name === "cluster" || focused.name === "namespace")
      return clusterOrNamespaceChoices(api, focused.name, typed, clusterName);
    if (!clusterName) return [];
    const cluster = await clusterNamed(api, clusterName);
    const namespace = interaction.options.getString("namespace")?.trim();
    if (!namespace) return [];
    if (focused.name === "pod") {
      const page = await api.pods.list.query({
        clusterId: cluster.id,
        namespace,
        limit: MAX_CHOICES,
        ...(typed.trim() ? { search: typed.trim() } : {}),
      });
      return choices(
        page.pods.map((p) => p.name),
        typed,
      );
    }
    const pod = interaction.options.getString("pod")?.trim();
    if (focused.name !== "container" || !pod) return [];
    const { pod: found } = await api.pods.get.query({ clusterId: cluster.id, namespace, pod });
    return choices([...found.containers, ...found.initContainers], typed);
  },
};
