import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import type { ApiClient } from "../../api-client";
import { choices, clusterOrNamespaceChoices } from "../autocomplete";
import { clusterNamedOrOnly } from "../cluster/shared";
import type { ClusterSubcommand } from "../cluster/types";
import { subcommandGroup } from "../subcommands";
import type { ButtonHandler, SlashCommand } from "../types";
import { fixButtons, fixSubcommand } from "./fix";
import { listSubcommand } from "./list";
import { disableSubcommand, enableSubcommand, modeSubcommand } from "./manage";
import { auditSubcommand, reportSubcommand, violationsSubcommand } from "./violations";

/** In the order Discord lists them. Each calls the procedure the web's Policies page calls. */
export const policySubcommands: readonly ClusterSubcommand[] = [
  listSubcommand,
  enableSubcommand,
  modeSubcommand,
  disableSubcommand,
  violationsSubcommand,
  auditSubcommand,
  reportSubcommand,
  fixSubcommand,
];

/** `workload:` offers the workloads with open violations (as `Kind/name`), in the namespace given if any. */
async function policyChoices(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).slice(0, 100).trim();
  const clusterName = interaction.options.getString("cluster")?.trim() || undefined;
  if (focused.name === "cluster" || focused.name === "namespace") {
    return clusterOrNamespaceChoices(api, focused.name, typed, clusterName);
  }
  if (focused.name !== "workload") return [];
  const cluster = await clusterNamedOrOnly(api, clusterName).catch(() => null);
  if (!cluster) return [];
  const namespace = interaction.options.getString("namespace")?.trim() || undefined;
  const { violations } = await api.policies.violations.query({
    clusterId: cluster.id,
    ...(namespace ? { namespace } : {}),
  });
  return choices([...new Set(violations.map((v) => `${v.kind}/${v.name}`))], typed);
}

/**
 * `/policy <subcommand>`: replies are shown only to the person who asked
 * (a fix plan carries their confirmation).
 */
export const policyCommand: SlashCommand = {
  ...subcommandGroup(
    "policy",
    "Cluster policies: enable, modes, violations, reports and fixes",
    policySubcommands,
  ),
  ephemeral: true,
  autocomplete: ({ interaction, api }) => policyChoices(api, interaction),
};

export const policyButtons: readonly ButtonHandler[] = fixButtons;
