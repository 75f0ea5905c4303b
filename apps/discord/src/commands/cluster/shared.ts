import type { ClusterSummary } from "@clustercord/contracts";
import type { SlashCommandSubcommandBuilder } from "discord.js";
import type { ApiClient } from "../../api-client";
import { UserError } from "../../user-error";

/** The `name` option every per-cluster subcommand takes. */
export const withClusterName = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o.setName("name").setDescription("The cluster's name").setRequired(true).setMaxLength(40),
  );

/** The `server` option: another Discord server, by id (Discord ids are up to 20 digits). */
export const withServer = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("server")
      .setDescription("The Discord server's id (Developer Mode: right-click the server, Copy Server ID)")
      .setRequired(true)
      .setMaxLength(20),
  );

/**
 * The cluster called `name` among those this server may use (clusters.list,
 * as the web page sees them). A server's own cluster wins over a granted one
 * of the same name; a cluster id works too.
 */
/** The cluster named, or with no name the server's only cluster (a server with several must name one). */
export async function clusterNamedOrOnly(api: ApiClient, name: string | undefined): Promise<ClusterSummary> {
  if (name) return clusterNamed(api, name);
  const { clusters } = await api.clusters.list.query();
  const [only] = clusters;
  if (only && clusters.length === 1) return only;
  throw new UserError(
    clusters.length
      ? `This server has ${clusters.length} clusters: say which with cluster: (${clusters
          .slice(0, 10)
          .map((c) => c.name)
          .join(", ")}).`
      : "This server has no cluster yet. A server admin can add one with `/cluster add` or in the web dashboard.",
  );
}

export async function clusterNamed(api: ApiClient, name: string): Promise<ClusterSummary> {
  const wanted = name.trim().toLowerCase();
  const { clusters } = await api.clusters.list.query();
  const matches = clusters.filter((c) => c.name === wanted || c.id === name.trim());
  const found = matches.find((c) => c.owned) ?? matches[0];
  if (found) return found;
  const known = clusters.map((c) => c.name);
  const hint = known.length
    ? ` Clusters here: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""}.`
    : " It has none yet.";
  throw new UserError(`No cluster named ${name.trim()} in this server.${hint}`);
}
