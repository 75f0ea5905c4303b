import type { ApplicationCommandOptionChoiceData, SlashCommandStringOption } from "discord.js";
import type { ApiClient } from "../api-client";
import { clusterNamedOrOnly } from "./cluster/shared";

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
  const cluster = await clusterNamedOrOnly(api, clusterName).catch(() => null);
  if (!cluster) return [];
  const { namespaces } = await api.namespaces.list.query({ clusterId: cluster.id });
  return choices(namespaces, typed);
}

/** The `cluster` option every cluster command takes (its name, autocompleted); optional ones default to the only cluster. */
export const clusterOption = (o: SlashCommandStringOption, required = true) =>
  o
    .setName("cluster")
    .setDescription(
      required ? "The cluster's name" : "The cluster's name (default: this server's only cluster)",
    )
    .setRequired(required)
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
