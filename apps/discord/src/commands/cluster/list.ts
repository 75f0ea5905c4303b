import { type ClusterListEntry, renderClusters } from "../../render/clusters";
import { errorMessage } from "../../render/error";
import type { ClusterSubcommand } from "./types";

/** `/cluster list`: clusters.list, then clusters.status for each (one failing does not hide the others). */
export const listSubcommand: ClusterSubcommand = {
  name: "list",
  description: "List this server's Kubernetes clusters (own and granted) and their health",
  async execute({ interaction, api }) {
    const { clusters } = await api.clusters.list.query();
    const statuses = await Promise.allSettled(
      clusters.map((c) => api.clusters.status.query({ clusterId: c.id })),
    );
    const entries = clusters.map((cluster, i): ClusterListEntry => {
      const status = statuses[i];
      return status?.status === "fulfilled"
        ? { cluster, health: status.value.health }
        : { cluster, error: errorMessage(status?.reason) };
    });
    return { embeds: [renderClusters(entries, interaction.guild?.name)] };
  },
};
