import type { ClusterSummary } from "@clustercord/contracts";
import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder } from "discord.js";
import type { ApiClient } from "../../api-client";
import { clusterOption, namespaceOption } from "../autocomplete";
import { clusterNamedOrOnly } from "../cluster/shared";
import { pickRelease, type ReleaseTarget } from "./release-ref";
import { downloadValues } from "./values-file";

type Interaction = ChatInputCommandInteraction<"cached" | "raw">;

/** The `cluster` option (optional when the server has one cluster). */
export const withCluster = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) => clusterOption(o, false));

export const withNamespace = (sub: SlashCommandSubcommandBuilder, description: string) =>
  sub.addStringOption((o) => namespaceOption(o, description, false));

/** `release:` as `namespace/release` or a release name (autocompleted from the person's releases). */
export const withRelease = (
  sub: SlashCommandSubcommandBuilder,
  description = "The release (namespace/name, or its name)",
) =>
  sub.addStringOption((o) =>
    o
      .setName("release")
      .setDescription(description)
      .setRequired(true)
      .setMaxLength(120)
      .setAutocomplete(true),
  );

export const withValues = (sub: SlashCommandSubcommandBuilder, description: string) =>
  sub.addAttachmentOption((o) => o.setName("values").setDescription(description));

export const withVersion = (sub: SlashCommandSubcommandBuilder, description: string) =>
  sub.addStringOption((o) =>
    o.setName("version").setDescription(description).setMaxLength(64).setAutocomplete(true),
  );

/** The cluster the command is about: named, or the server's only one. */
export const clusterOf = (api: ApiClient, interaction: Interaction): Promise<ClusterSummary> =>
  clusterNamedOrOnly(api, interaction.options.getString("cluster")?.trim() || undefined);

/** The attached values file's text, or undefined; too large is refused before any API call. */
export async function valuesOf(interaction: Interaction): Promise<string | undefined> {
  const file = interaction.options.getAttachment("values");
  return file ? downloadValues(file) : undefined;
}

/** The release `release:` names (looked up among the person's releases when no namespace is given). */
export async function releaseOf(
  api: ApiClient,
  interaction: Interaction,
  clusterId: string,
): Promise<ReleaseTarget> {
  const typed = interaction.options.getString("release", true);
  const namespace = interaction.options.getString("namespace")?.trim() || null;
  const explicit = typed.includes("/") || namespace;
  const releases = explicit ? [] : (await api.helm.releases.query({ clusterId })).releases;
  return pickRelease(releases, typed, namespace);
}

export const optionalString = (interaction: Interaction, name: string) =>
  interaction.options.getString(name)?.trim() || undefined;
