import { SlashCommandSubcommandGroupBuilder } from "discord.js";
import { UserError } from "../../user-error";
import type { ButtonHandler, SlashCommand } from "../types";
import { snapshotCreateSubcommand, snapshotListSubcommand } from "./snapshot-create";
import { snapshotDiffSubcommand } from "./snapshot-diff";
import { snapshotDownloadSubcommand } from "./snapshot-download";
import { snapshotChoicesFor } from "./snapshot-options";
import { snapshotDeleteSubcommand, snapshotPlanButtons, snapshotRestoreSubcommand } from "./snapshot-restore";
import {
  snapshotScheduleSubcommand,
  snapshotSchedulesSubcommand,
  snapshotUnscheduleSubcommand,
} from "./snapshot-schedule";
import type { ClusterSubcommand } from "./types";

export const SNAPSHOT_GROUP = "snapshot";

/** In the order Discord lists them. Each calls the snapshots.* procedure the web's Snapshots page calls. */
export const snapshotSubcommands: readonly ClusterSubcommand[] = [
  snapshotCreateSubcommand,
  snapshotListSubcommand,
  snapshotDownloadSubcommand,
  snapshotDiffSubcommand,
  snapshotRestoreSubcommand,
  snapshotDeleteSubcommand,
  snapshotScheduleSubcommand,
  snapshotSchedulesSubcommand,
  snapshotUnscheduleSubcommand,
];

function groupDefinition() {
  const group = new SlashCommandSubcommandGroupBuilder()
    .setName(SNAPSHOT_GROUP)
    .setDescription("Cluster snapshots: take, list, download, diff, restore, delete, schedule");
  for (const s of snapshotSubcommands) {
    group.addSubcommand((sub) => {
      const named = sub.setName(s.name).setDescription(s.description);
      return s.options ? s.options(named) : named;
    });
  }
  return group.toJSON();
}

const byName = new Map(snapshotSubcommands.map((s) => [s.name, s]));

/**
 * `/cluster` with the `snapshot` group beside its subcommands (Discord runs
 * only a group's subcommands, so the commands are `/cluster snapshot <sub>`):
 * the definition gains the group, and the dispatch tries the group first.
 */
export function withSnapshotGroup(
  base: Pick<SlashCommand, "definition" | "execute">,
): Pick<SlashCommand, "definition" | "execute" | "autocomplete"> {
  return {
    definition: { ...base.definition, options: [...(base.definition.options ?? []), groupDefinition()] },
    async execute(ctx) {
      if (ctx.interaction.options.getSubcommandGroup(false) !== SNAPSHOT_GROUP) return base.execute(ctx);
      const name = ctx.interaction.options.getSubcommand(false) ?? "";
      const sub = byName.get(name);
      if (!sub) throw new UserError(`/cluster snapshot has no subcommand ${name || "(none given)"}.`);
      return sub.execute(ctx);
    },
    async autocomplete({ interaction, api }) {
      if (interaction.options.getSubcommandGroup(false) !== SNAPSHOT_GROUP) return [];
      return snapshotChoicesFor(api, interaction);
    },
  };
}

export const snapshotButtons: readonly ButtonHandler[] = snapshotPlanButtons;
