import type { ApplicationCommandOptionChoiceData, SlashCommandStringOption } from "discord.js";
import type { ApiClient } from "../api-client";
import { clusterNamed } from "./cluster/shared";

/** Discord's limit on offered choices. */
export const MAX_CHOICES = 25;

/** Names containing what was typed, those starting with it first, as choices. */
export function choices(names: readonly string[], typed: string): ApplicationCommandOptionChoiceData[] {
  const q = typed.trim().toLowerCase();
  const hits = names.filter((n) => n.toLowerCase().includes(q));
  const starts = hits.filter((n) => n.toLowerCase().startsWith(q));
  const rest = hits.filter((n) => !n.toLowerCase().startsWith(q));
  return [...starts, ...rest]
    .filter((n) => n.length <= 100)
    .slice(0, MAX_CHOICES)
    .map((n) => ({ name: n, value: n }));
}

/** Choices for a `cluster` option (the person's clusters) or a `namespace` option (theirs on `clusterName`). */
export async function clusterOrNamespaceChoices(
  api: ApiClient,
  focused: "cluster" | "namespace",
  typed: string,
  clusterName: string | undefined,
): Promise<ApplicationCommandOptionChoiceData[]> {
  if (focused === "cluster") {
    const { clusters } = await api.clusters.list.query();
    return choices(
      clusters.map((c) => c.name),
      typed,
    );
  }
  if (!clusterName) return [];
  const cluster = await clusterNamed(api, clusterName);
  const { namespaces } = await api.namespaces.list.query({ clusterId: cluster.id });
  return choices(namespaces, typed);
}

/** The `cluster` option every cluster command takes (its name, autocompleted). */
export const clusterOption = (o: SlashCommandStringOption) =>
  o
    .setName("cluster")
    .setDescription("The cluster's name")
    .setRequired(true)
    .setMaxLength(40)
    .setAutocomplete(true);

/** A `namespace` option (the person's namespaces, autocompleted). */
export const namespaceOption = (
  o: SlashCommandStringOption,
  description = "The namespace",
  required = true,
) =>
  o
    .setName("namespace")
    .setDescription(description)
    .setRequired(required)
    .setMaxLength(63)
    .setAutocomplete(true);
