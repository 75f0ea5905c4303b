import { renderDiff } from "../../render/snapshots";
import { snapshotsApi } from "./snapshot-api";
import { LIVE, withSnapshotId } from "./snapshot-options";
import type { ClusterSubcommand } from "./types";

/**
 * `/cluster snapshot diff from: to:`: snapshots.diff between two snapshots,
 * or a snapshot and the live cluster (`to: live`, read as the person). The
 * counts, then the first changes; a Secret's by key only.
 */
export const snapshotDiffSubcommand: ClusterSubcommand = {
  name: "diff",
  description: "What changed between two snapshots, or a snapshot and the live cluster (to: live)",
  options: (sub) => {
    withSnapshotId("from", "The older snapshot's id")(sub);
    return withSnapshotId("to", "The newer snapshot's id, or live for the cluster as it is now")(sub);
  },
  async execute({ interaction, api }) {
    const from = interaction.options.getString("from", true).trim();
    const typed = interaction.options.getString("to", true).trim();
    const to = typed.toLowerCase() === LIVE ? LIVE : typed;
    const out = await snapshotsApi(api).diff({ from, to });
    return { ...renderDiff(out), components: [] };
  },
};
