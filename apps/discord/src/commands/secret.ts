import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import type { ApiClient } from "../api-client";
import { choices, clusterOrNamespaceChoices } from "./autocomplete";
import type { ClusterSubcommand } from "./cluster/types";
import { optionalString } from "./job-options";
import { applySubcommand, restoreSubcommand } from "./secret-apply";
import { createSubcommand } from "./secret-create";
import { deleteButtons, deleteSubcommand } from "./secret-delete";
import { diffSubcommand } from "./secret-diff";
import { listSubcommand, versionsSubcommand } from "./secret-list";
import { rotateButtons, rotateSubcommand } from "./secret-rotate";
import { subcommandGroup } from "./subcommands";
import type { ButtonHandler, SlashCommand } from "./types";

/** In the order Discord lists them. Each calls the secrets.* procedure the web's Secrets page calls. */
export const secretSubcommands: readonly ClusterSubcommand[] = [
  createSubcommand,
  listSubcommand,
  applySubcommand,
  diffSubcommand,
  rotateSubcommand,
  versionsSubcommand,
  restoreSubcommand,
  deleteSubcommand,
];

/** Choices for `name:` (the vault's secrets), `cluster:` and `namespace:`. */
async function secretChoices(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).slice(0, 100).trim();
  if (focused.name === "cluster" || focused.name === "namespace") {
    return clusterOrNamespaceChoices(api, focused.name, typed, optionalString(interaction, "cluster"));
  }
  if (focused.name !== "name") return [];
  const { secrets } = await api.secrets.list.query({});
  return choices(
    secrets.map((s) => s.name),
    typed,
  );
}

/**
 * `/secret <subcommand>` (guide feature 9): the vault, as the person. Every
 * reply is shown only to the person who asked, and none holds a value:
 * names, keys, types, versions and places.
 */
export const secretCommand: SlashCommand = {
  ...subcommandGroup(
    "secret",
    "Store secrets in the vault and put them in clusters without showing values",
    secretSubcommands,
  ),
  ephemeral: true,
  autocomplete: ({ interaction, api }) => secretChoices(api, interaction),
};

export const secretButtons: readonly ButtonHandler[] = [...rotateButtons, ...deleteButtons];
