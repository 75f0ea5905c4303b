import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import type { ApiClient } from "../../api-client";
import { choices, clusterOrNamespaceChoices } from "../autocomplete";
import { clusterNamedOrOnly } from "../cluster/shared";

/**
 * /helm's autocomplete: clusters and namespaces as the other commands offer
 * them, charts (helm.search), a chart's versions (helm.chart) and the
 * person's releases (helm.releases, as `namespace/name`).
 */
export async function helmChoices(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).slice(0, 100).trim();
  const clusterName = interaction.options.getString("cluster")?.trim() || undefined;
  if (focused.name === "cluster" || focused.name === "namespace") {
    return clusterOrNamespaceChoices(api, focused.name, typed, clusterName);
  }
  if (focused.name === "chart") {
    if (!typed) return [];
    const { results } = await api.helm.search.query({ query: typed.split("/").pop() || typed, limit: 25 });
    return choices(
      results.map((r) => r.ref),
      typed,
    );
  }
  if (focused.name === "version") {
    const ref = (await chartOfInteraction(api, interaction, clusterName)) ?? null;
    if (!ref) return [];
    const chart = await api.helm.chart.query({ ref });
    return choices(
      chart.versions.map((v) => v.version),
      typed,
    );
  }
  if (focused.name === "release") {
    const cluster = await clusterNamedOrOnly(api, clusterName).catch(() => null);
    if (!cluster) return [];
    const { releases } = await api.helm.releases.query({ clusterId: cluster.id });
    return choices(
      releases.map((r) => `${r.namespace}/${r.name}`),
      typed,
    );
  }
  return [];
}

/** The chart a version is picked for: install's `chart:`, or the chart of upgrade's `release:`. */
async function chartOfInteraction(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
  clusterName: string | undefined,
): Promise<string | null> {
  const chart = interaction.options.getString("chart")?.trim();
  if (chart) return chart;
  const typedRelease = interaction.options.getString("release")?.trim();
  if (!typedRelease) return null;
  const cluster = await clusterNamedOrOnly(api, clusterName).catch(() => null);
  if (!cluster) return null;
  const { releases } = await api.helm.releases.query({ clusterId: cluster.id });
  const [namespace, name] = typedRelease.includes("/") ? typedRelease.split("/") : [undefined, typedRelease];
  const release = releases.find((r) => r.name === name && (!namespace || r.namespace === namespace));
  if (!release) return null;
  const detail = await api.helm.release.query({
    clusterId: cluster.id,
    namespace: release.namespace,
    release: release.name,
  });
  return detail.ref;
}
