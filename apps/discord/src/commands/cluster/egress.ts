import { renderTenantChange } from "../../render/tenants";
import { clusterNamed, withClusterName, withServer } from "./shared";
import type { ClusterSubcommand } from "./types";

/** `/cluster egress name:<n> server:<id> on:<bool>`: tenants.update with internetEgress. */
export const egressSubcommand: ClusterSubcommand = {
  name: "egress",
  description: "Switch a server's internet egress on a shared cluster on or off (admins)",
  options: (sub) =>
    withServer(withClusterName(sub)).addBooleanOption((o) =>
      o.setName("on").setDescription("Allow pods to reach the internet").setRequired(true),
    ),
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const { tenant } = await api.tenants.update.mutate({
      clusterId: cluster.id,
      guildId: interaction.options.getString("server", true).trim(),
      internetEgress: interaction.options.getBoolean("on", true),
    });
    return { embeds: [renderTenantChange("updated", cluster.name, tenant)] };
  },
};
