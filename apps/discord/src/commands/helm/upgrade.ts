import type { ClusterSubcommand } from "../cluster/types";
import { planReply } from "./operation";
import {
  clusterOf,
  optionalString,
  releaseOf,
  valuesOf,
  withCluster,
  withRelease,
  withValues,
  withVersion,
} from "./options";

/** `/helm upgrade release:<r> [version] [values:<file>] [dry_run]`: helm.planUpgrade (values and manifest diff), then confirm. */
export const upgradeSubcommand: ClusterSubcommand = {
  name: "upgrade",
  description: "Upgrade a release to a chart version or new values (shows the diff; asks to confirm)",
  options: (sub) => {
    withRelease(sub);
    withVersion(sub, "The chart version (default: the newest)");
    sub.addStringOption((o) =>
      o
        .setName("chart")
        .setDescription("repo/chart, only for a release not installed through ClusterCord")
        .setMaxLength(160)
        .setAutocomplete(true),
    );
    withValues(sub, "New values.yaml (default: keep the release's values; at most 256 KiB)");
    sub.addBooleanOption((o) => o.setName("dry_run").setDescription("Only show what would change"));
    return withCluster(sub);
  },
  async execute({ interaction, api }) {
    const values = await valuesOf(interaction);
    const cluster = await clusterOf(api, interaction);
    const target = await releaseOf(api, interaction, cluster.id);
    const version = optionalString(interaction, "version");
    const chart = optionalString(interaction, "chart");
    const plan = await api.helm.planUpgrade.mutate({
      clusterId: cluster.id,
      ...target,
      ...(chart ? { chart } : {}),
      ...(version ? { version } : {}),
      ...(values !== undefined ? { values } : {}),
    });
    return planReply(plan, { dryRun: interaction.options.getBoolean("dry_run") ?? false });
  },
};
