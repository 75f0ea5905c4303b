import { SlashCommandBuilder } from "discord.js";
import { UserError } from "../../user-error";
import type { ClusterSubcommand } from "../cluster/types";
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

function buildDefinition() {
  const builder = new SlashCommandBuilder()
    .setName("helm")
    .setDescription("Helm charts: search, install, upgrade, roll back and uninstall releases");
  for (const s of helmSubcommands) {
    builder.addSubcommand((sub) => {
      const named = sub.setName(s.name).setDescription(s.description);
      return s.options ? s.options(named) : named;
    });
  }
  return builder.toJSON();
}

const byName = new Map(helmSubcommands.map((s) => [s.name, s]));

/**
 * `/helm <subcommand>`: replies are shown only to the person who asked
 * (plans carry their confirmation, values may be theirs alone).
 */
export const helmCommand: SlashCommand = {
  definition: buildDefinition(),
  ephemeral: true,
  async execute(ctx) {
    const name = ctx.interaction.options.getSubcommand(false);
    const sub = name ? byName.get(name) : undefined;
    if (!sub) throw new UserError(`/helm has no subcommand ${name ?? "(none given)"}.`);
    return sub.execute(ctx);
  },
  autocomplete: ({ interaction, api }) => helmChoices(api, interaction),
};

export const helmButtons: readonly ButtonHandler[] = [
  ...helmOperationButtons,
  helmListPageButton,
  helmHistoryPageButton,
];
