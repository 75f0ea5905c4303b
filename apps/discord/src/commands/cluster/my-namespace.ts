import { renderPersonalNamespace } from "../../render/namespaces";
import { clusterNamed, withClusterName } from "./shared";
import type { ClusterSubcommand } from "./types";

/** `/cluster my-namespace name:<n>`: namespaces.createPersonal (operators and admins, shared clusters). */
export const myNamespaceSubcommand: ClusterSubcommand = {
  name: "my-namespace",
  description: "Create (or re-apply) your own namespace on a shared cluster (operators)",
  options: withClusterName,
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const { namespace } = await api.namespaces.createPersonal.mutate({ clusterId: cluster.id });
    return { embeds: [renderPersonalNamespace(cluster.name, namespace)] };
  },
};
