import type { ClusterSubcommand } from "../cluster/types";
import { planReply } from "./operation";
import { clusterOf, releaseOf, withCluster, withRelease } from "./options";

/** `/helm rollback release:<r> [revision]`: helm.planRollback (the diff back to that revision), then confirm. */
export const rollbackSubcommand: ClusterSubcommand = {
  name: "rollback",
  description: "Roll a release back to an earlier revision (shows the diff; asks to confirm)",
  options: (sub) =>
    withCluster(
      withRelease(sub).addIntegerOption((o) =>
        o
          .setName("revision")
          .setDescription("The revision (default: the one before the current)")
          .setMinValue(1),
      ),
    ),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const target = await releaseOf(api, interaction, cluster.id);
    const revision = interaction.options.getInteger("revision");
    const plan = await api.helm.planRollback.mutate({
      clusterId: cluster.id,
      ...target,
      ...(revision ? { revision } : {}),
    });
    return planReply(plan, { dryRun: false });
  },
};
