import { renderClusterStatus } from "../../render/clusters";
import { clusterNamed, withClusterName } from "./shared";
import type { ClusterSubcommand } from "./types";

/** `/cluster status name:<n>`: clusters.status, probed now. */
export const statusSubcommand: ClusterSubcommand = {
  name: "status",
  description: "Check one cluster now: reachable, Kubernetes version, nodes, impersonation",
  options: withClusterName,
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    return { embeds: [renderClusterStatus(await api.clusters.status.query({ clusterId: cluster.id }))] };
  },
};
