import type { ChatInputCommandInteraction, InteractionEditReplyOptions } from "discord.js";
import { SlashCommandBuilder } from "discord.js";
import type { ApiClient } from "../../api-client";
import { renderValidation } from "../../render/manifests";
import { clusterNamedOrOnly } from "../cluster/shared";
import type { SlashCommand } from "../types";
import { readManifestFiles } from "./files";
import { attachedFiles, manifestChoices, optionalString, withManifestOptions } from "./options";

type Interaction = ChatInputCommandInteraction<"cached" | "raw">;

/** The files first (a file too large is refused before any API call), then the cluster. */
export async function manifestsInput(api: ApiClient, interaction: Interaction) {
  const files = await readManifestFiles(attachedFiles(interaction));
  const cluster = await clusterNamedOrOnly(api, optionalString(interaction, "cluster"));
  const namespace = optionalString(interaction, "namespace");
  return { clusterId: cluster.id, files, ...(namespace ? { namespace } : {}) };
}

/** manifests.validate, as the web's Apply page runs it before anything is applied. */
export async function validateReply(
  api: ApiClient,
  interaction: Interaction,
  options: { dryRun?: boolean } = {},
) {
  const validation = await api.manifests.validate.mutate(await manifestsInput(api, interaction));
  return {
    embeds: [renderValidation(validation, options)],
    components: [],
  } satisfies InteractionEditReplyOptions;
}

/**
 * `/validate file: [file2..file5] [namespace:] [cluster:]`: the six steps
 * (parse, schema, server dry-run as the person, lint, diff) without
 * applying. Only the person sees it: findings may quote their files.
 */
export const validateCommand: SlashCommand = {
  definition: withManifestOptions(
    new SlashCommandBuilder()
      .setName("validate")
      .setDescription("Check Kubernetes manifests against the cluster without applying them"),
    "check",
  ).toJSON(),
  ephemeral: true,
  execute: ({ interaction, api }) => validateReply(api, interaction),
  autocomplete: ({ interaction, api }) => manifestChoices(api, interaction),
};
