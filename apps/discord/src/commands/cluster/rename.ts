import { renderOutcome } from "../../render/plan";
import { plain } from "../../render/style";
import { clusterNamed, withClusterName } from "./shared";
import type { ClusterSubcommand } from "./types";

/** `/cluster rename name:<n> new-name:<n>`: clusters.rename (the owning server's admins). */
export const renameSubcommand: ClusterSubcommand = {
  name: "rename",
  description: "Rename a cluster this server added (admins)",
  options: (sub) =>
    withClusterName(sub).addStringOption((o) =>
      o
        .setName("new-name")
        .setDescription("Lowercase letters, digits and dashes")
        .setRequired(true)
        .setMaxLength(40),
    ),
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const renamed = await api.clusters.rename.mutate({
      clusterId: cluster.id,
      name: interaction.options.getString("new-name", true),
    });
    return {
      embeds: [renderOutcome(`Renamed ${plain(cluster.name, 40)} to ${plain(renamed.cluster.name, 40)}.`)],
    };
  },
};
