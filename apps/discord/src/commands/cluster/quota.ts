import { renderTenantChange } from "../../render/tenants";
import { clusterNamed, withClusterName, withServer } from "./shared";
import type { ClusterSubcommand } from "./types";

/** `/cluster quota name:<n> server:<id> cpu:<q> memory:<q> pods:<n>`: tenants.update with a quota. */
export const quotaSubcommand: ClusterSubcommand = {
  name: "quota",
  description: "Set a server's ResourceQuota on a shared cluster (admins)",
  options: (sub) =>
    withServer(withClusterName(sub))
      .addStringOption((o) =>
        o.setName("cpu").setDescription("requests.cpu, e.g. 500m or 4").setRequired(true).setMaxLength(20),
      )
      .addStringOption((o) =>
        o
          .setName("memory")
          .setDescription("requests.memory, e.g. 512Mi or 8Gi")
          .setRequired(true)
          .setMaxLength(20),
      )
      .addIntegerOption((o) =>
        o
          .setName("pods")
          .setDescription("At most this many pods")
          .setRequired(true)
          .setMinValue(1)
          .setMaxValue(10_000),
      ),
  async execute({ interaction, api }) {
    const { options } = interaction;
    const cluster = await clusterNamed(api, options.getString("name", true));
    const { tenant } = await api.tenants.update.mutate({
      clusterId: cluster.id,
      guildId: options.getString("server", true).trim(),
      quota: {
        requestsCpu: options.getString("cpu", true),
        requestsMemory: options.getString("memory", true),
        pods: options.getInteger("pods", true),
      },
    });
    return { embeds: [renderTenantChange("updated", cluster.name, tenant)] };
  },
};
