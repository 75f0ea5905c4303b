import { renderTenantChange } from "../../render/tenants";
import { clusterNamed, withClusterName, withServer } from "./shared";
import type { ClusterSubcommand } from "./types";

/** `/cluster grant name:<n> server:<id>`: tenants.grant (the owning server's admins). */
export const grantSubcommand: ClusterSubcommand = {
  name: "grant",
  description: "Give another server (with the bot) its own namespace on a shared cluster (admins)",
  options: (sub) => withServer(withClusterName(sub)),
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const { tenant } = await api.tenants.grant.mutate({
      clusterId: cluster.id,
      guildId: interaction.options.getString("server", true).trim(),
    });
    return { embeds: [renderTenantChange("granted", cluster.name, tenant)] };
  },
};
