import type { ClusterSubcommand } from "../cluster/types";
import { planReply } from "./operation";
import { clusterOf, releaseOf, withCluster, withNamespace, withRelease } from "./options";

/** `/helm uninstall release:<r> [namespace]`: helm.planUninstall (the objects it deletes), then confirm. */
export const uninstallSubcommand: ClusterSubcommand = {
  name: "uninstall",
  description: "Uninstall a release (lists what it deletes; asks to confirm)",
  options: (sub) => withCluster(withNamespace(withRelease(sub), "The release's namespace")),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const target = await releaseOf(api, interaction, cluster.id);
    const plan = await api.helm.planUninstall.mutate({ clusterId: cluster.id, ...target });
    return planReply(plan, { dryRun: false });
  },
};
