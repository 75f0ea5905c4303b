import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import type { ApiClient } from "../../api-client";
import { choices, clusterOrNamespaceChoices, MAX_CHOICES } from "../autocomplete";
import { clusterNamedOrOnly } from "../cluster/shared";
import type { ClusterSubcommand } from "../cluster/types";
import { subcommandGroup } from "../subcommands";
import type { ButtonHandler, SlashCommand } from "../types";
import { alertSubcommand, budgetDeleteButton } from "./alert";
import { configSubcommand } from "./config";
import { exportSubcommand } from "./export";
import { dailySubcommand, monthlySubcommand, weeklySubcommand } from "./report";

/** In the order Discord lists them. Each calls the procedures the web's Cost page calls. */
export const costSubcommands: readonly ClusterSubcommand[] = [
  dailySubcommand,
  weeklySubcommand,
  monthlySubcommand,
  configSubcommand,
  alertSubcommand,
  exportSubcommand,
];

/** `deployment:` offers the Deployments the person can see (the resource browser's list), in `namespace:` if given. */
async function costChoices(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).slice(0, 100).trim();
  const clusterName = interaction.options.getString("cluster")?.trim() || undefined;
  if (focused.name === "cluster" || focused.name === "namespace") {
    return clusterOrNamespaceChoices(api, focused.name, typed, clusterName);
  }
  if (focused.name !== "deployment") return [];
  const cluster = await clusterNamedOrOnly(api, clusterName).catch(() => null);
  if (!cluster) return [];
  const namespace = interaction.options.getString("namespace")?.trim() || undefined;
  const list = await api.resources.list.query({
    clusterId: cluster.id,
    kind: "deployments",
    limit: MAX_CHOICES * 4,
    ...(namespace ? { namespace } : {}),
    ...(typed ? { search: typed } : {}),
  });
  return choices([...new Set(list.rows.map((r) => r.name))], typed);
}

/**
 * `/cost <subcommand>`: shown to the person who asked only (a tenant's
 * costs are theirs; the budget list carries their Delete buttons).
 */
export const costCommand: SlashCommand = {
  ...subcommandGroup(
    "cost",
    "Cost and usage by namespace, deployment and person; prices, budgets, CSV",
    costSubcommands,
  ),
  ephemeral: true,
  autocomplete: ({ interaction, api }) => costChoices(api, interaction),
};

export const costButtons: readonly ButtonHandler[] = [budgetDeleteButton];
