import { PolicyKey, PolicyMode, PolicySeverity, policyKeyAliases } from "@clustercord/contracts";
import type {
  ChatInputCommandInteraction,
  SlashCommandStringOption,
  SlashCommandSubcommandBuilder,
} from "discord.js";
import type { ApiClient } from "../../api-client";
import { clusterOption, namespaceOption } from "../autocomplete";
import { clusterNamedOrOnly } from "../cluster/shared";

type Interaction = ChatInputCommandInteraction<"cached" | "raw">;

const aliases = Object.keys(policyKeyAliases);
/** The guide's names for the policies themselves (`require-resource-limits`, `prevent-latest-tag`). */
const policyNames = aliases.filter((a) => a.startsWith("require-") || a.startsWith("prevent-"));
/** The guide's names for what a violation is (`missing-limits`, `latest-tag`). */
const violationNames = aliases.filter((a) => !policyNames.includes(a));

/** Choices: the seven keys, then the guide's names (the API maps both, PolicyKeyInput). */
export const policyTypeChoices = [...PolicyKey.options, ...policyNames].map((v) => ({ name: v, value: v }));
export const violationChoices = [...PolicyKey.options, ...violationNames].map((v) => ({ name: v, value: v }));

export const withPolicyType = (sub: SlashCommandSubcommandBuilder, required = true) =>
  sub.addStringOption((o) =>
    o
      .setName("type")
      .setDescription("The policy (its key or the guide's name, e.g. require-resource-limits)")
      .setRequired(required)
      .addChoices(...policyTypeChoices),
  );

export const withMode = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("mode")
      .setDescription("Audit: list violations; Warn: also warn; Enforce: refuse at admission")
      .setRequired(true)
      .addChoices(...PolicyMode.options.map((m) => ({ name: m, value: m }))),
  );

export const withSeverity = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("severity")
      .setDescription("Only this severity and the more severe ones")
      .addChoices(...PolicySeverity.options.map((s) => ({ name: s, value: s }))),
  );

export const withCluster = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) => clusterOption(o, false));

export const withNamespace = (sub: SlashCommandSubcommandBuilder, description: string) =>
  sub.addStringOption((o) => namespaceOption(o, description, false));

export const workloadOption = (o: SlashCommandStringOption) =>
  o
    .setName("workload")
    .setDescription("The workload as Kind/name, e.g. Deployment/api")
    .setRequired(true)
    .setMaxLength(300)
    .setAutocomplete(true);

export const optionalString = (interaction: Interaction, name: string) =>
  interaction.options.getString(name)?.trim() || undefined;

/** The cluster the command is about: named, or the server's only one. */
export const clusterOf = (api: ApiClient, interaction: Interaction) =>
  clusterNamedOrOnly(api, optionalString(interaction, "cluster"));
