import { renderNamespaces } from "../../render/namespaces";
import { clusterNamed, withClusterName } from "./shared";
import type { ClusterSubcommand } from "./types";

/** `/cluster namespaces name:<n>`: namespaces.list, asked of the cluster as the person. */
export const namespacesSubcommand: ClusterSubcommand = {
  name: "namespaces",
  description: "List the namespaces you may work in on a cluster",
  options: withClusterName,
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const { namespaces } = await api.namespaces.list.query({ clusterId: cluster.id });
    return { embeds: [renderNamespaces(cluster.name, namespaces)] };
  },
};
