import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import { SlashCommandBuilder } from "discord.js";
import type { ApiClient } from "../../api-client";
import { UserError } from "../../user-error";
import { choices, clusterOrNamespaceChoices, MAX_CHOICES } from "../autocomplete";
import { clusterNamedOrOnly } from "../cluster/shared";
import type { ClusterSubcommand } from "../cluster/types";
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

function buildDefinition() {
  const builder = new SlashCommandBuilder()
    .setName("cost")
    .setDescription("Cost and usage by namespace, deployment and person; prices, budgets, CSV");
  for (const s of costSubcommands) {
    builder.addSubcommand((sub) => {
      const named = sub.setName(s.name).setDescription(s.description);
      return s.options ? s.options(named) : named;
    });
  }
  return builder.toJSON();
}

const byName = new Map(costSubcommands.map((s) => [s.name, s]));

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
  definition: buildDefinition(),
  ephemeral: true,
  async execute(ctx) {
    const name = ctx.interaction.options.getSubcommand(false);
    const sub = name ? byName.get(name) : undefined;
    if (!sub) throw new UserError(`/cost has no subcommand ${name ?? "(none given)"}.`);
    return sub.execute(ctx);
  },
  autocomplete: ({ interaction, api }) => costChoices(api, interaction),
};

export const costButtons: readonly ButtonHandler[] = [budgetDeleteButton];
