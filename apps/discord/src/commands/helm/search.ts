import { renderSearch } from "../../render/helm";
import type { ClusterSubcommand } from "../cluster/types";

/** `/helm search name:<text> [repo:<name>]`: helm.search (ArtifactHub and this server's repositories). */
export const searchSubcommand: ClusterSubcommand = {
  name: "search",
  description: "Find charts on ArtifactHub and in this server's chart repositories",
  options: (sub) =>
    sub
      .addStringOption((o) =>
        o
          .setName("name")
          .setDescription("What to search for, e.g. postgres")
          .setRequired(true)
          .setMaxLength(100),
      )
      .addStringOption((o) =>
        o.setName("repo").setDescription("Only this repository, e.g. bitnami").setMaxLength(63),
      ),
  async execute({ interaction, api }) {
    const query = interaction.options.getString("name", true).trim();
    const repo = interaction.options.getString("repo")?.trim() || undefined;
    const out = await api.helm.search.query({ query, limit: 20, ...(repo ? { repo } : {}) });
    return { embeds: [renderSearch(out, query)] };
  },
};
