import { renderTenants } from "../../render/tenants";
import { clusterNamed, withClusterName } from "./shared";
import type { ClusterSubcommand } from "./types";

/** `/cluster servers name:<n>`: tenants.list (the owner sees every server; a granted one only itself). */
export const serversSubcommand: ClusterSubcommand = {
  name: "servers",
  description: "Show the servers with access to a shared cluster: namespace, quota, internet egress",
  options: withClusterName,
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const { tenants } = await api.tenants.list.query({ clusterId: cluster.id });
    return { embeds: [renderTenants(cluster.name, tenants)] };
  },
};
