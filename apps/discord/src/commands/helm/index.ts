import type { ClusterSubcommand } from "../cluster/types";
import { subcommandGroup } from "../subcommands";
import type { ButtonHandler, SlashCommand } from "../types";
import { helmChoices } from "./autocomplete";
import { helmHistoryPageButton, historySubcommand } from "./history";
import { installSubcommand } from "./install";
import { helmListPageButton, listSubcommand } from "./list";
import { helmOperationButtons } from "./operation";
import { rollbackSubcommand } from "./rollback";
import { searchSubcommand } from "./search";
import { uninstallSubcommand } from "./uninstall";
import { upgradeSubcommand } from "./upgrade";

/** In the order Discord lists them. Each calls the procedure the web's Helm pages call. */
export const helmSubcommands: readonly ClusterSubcommand[] = [
  searchSubcommand,
  installSubcommand,
  listSubcommand,
  upgradeSubcommand,
  rollbackSubcommand,
  historySubcommand,
  uninstallSubcommand,
];

/**
 * `/helm <subcommand>`: replies are shown only to the person who asked
 * (plans carry their confirmation, values may be theirs alone).
 */
export const helmCommand: SlashCommand = {
  ...subcommandGroup(
    "helm",
    "Helm charts: search, install, upgrade, roll back and uninstall releases",
    helmSubcommands,
  ),
  ephemeral: true,
  autocomplete: ({ interaction, api }) => helmChoices(api, interaction),
};

export const helmButtons: readonly ButtonHandler[] = [
  ...helmOperationButtons,
  helmListPageButton,
  helmHistoryPageButton,
];
