import { HelmReleaseStatus } from "@clustercord/contracts";
import type { InteractionEditReplyOptions } from "discord.js";
import type { ApiClient } from "../../api-client";
import { renderReleases } from "../../render/helm";
import { UserError } from "../../user-error";
import { packId, unpackId } from "../cluster/custom-id";
import type { ClusterSubcommand } from "../cluster/types";
import type { ButtonHandler } from "../types";
import { clusterOf, optionalString, withCluster, withNamespace } from "./options";
import { pageArg, pageRow } from "./paging";

const PAGE = "helm-list";
/** "all" (as in the guide's `/helm list namespace:all`) or nothing: every namespace the person can see. */
const ALL = "all";

interface ListQuery {
  clusterId: string;
  clusterName: string;
  namespace?: string | undefined;
  status?: HelmReleaseStatus | undefined;
  page: number;
}

async function listReply(api: ApiClient, q: ListQuery): Promise<InteractionEditReplyOptions> {
  const out = await api.helm.releases.query({
    clusterId: q.clusterId,
    ...(q.namespace ? { namespace: q.namespace } : {}),
    ...(q.status ? { status: q.status } : {}),
  });
  const { embed, page, pages } = renderReleases(out.releases, q, out.state);
  const row = pageRow(PAGE, [packId(q.clusterId), q.namespace ?? "*", q.status ?? "*"], page, pages);
  return { embeds: [embed], components: row ? [row] : [] };
}

/** `/helm list [namespace] [status]`: helm.releases (the web's releases table), paged. */
export const listSubcommand: ClusterSubcommand = {
  name: "list",
  description: "List Helm releases (name, chart version, status, revision, updated)",
  options: (sub) => {
    withNamespace(sub, "Only this namespace (default: all of yours)");
    sub.addStringOption((o) =>
      o
        .setName("status")
        .setDescription("Only releases with this status")
        .addChoices(HelmReleaseStatus.options.map((s) => ({ name: s, value: s }))),
    );
    return withCluster(sub);
  },
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const namespace = optionalString(interaction, "namespace");
    const status = optionalString(interaction, "status");
    const parsed = status ? HelmReleaseStatus.safeParse(status) : null;
    if (parsed && !parsed.success) throw new UserError(`Unknown status ${status}; pick one from the list.`);
    return listReply(api, {
      clusterId: cluster.id,
      clusterName: cluster.name,
      namespace: namespace === ALL ? undefined : namespace,
      status: parsed?.data,
      page: 0,
    });
  },
};

/** Prev / Next: the page, fetched as whoever clicked (the API checks their access again). */
export const helmListPageButton: ButtonHandler = {
  prefix: PAGE,
  async execute({ api, args }) {
    const [packed = "", namespace = "*", status = "*", page] = args;
    const clusterId = unpackId(packed);
    if (!clusterId) throw new UserError("That button is out of date; run /helm list again.");
    const { clusters } = await api.clusters.list.query();
    const parsed = HelmReleaseStatus.safeParse(status);
    return listReply(api, {
      clusterId,
      clusterName: clusters.find((c) => c.id === clusterId)?.name ?? "this cluster",
      namespace: namespace === "*" ? undefined : namespace,
      status: parsed.success ? parsed.data : undefined,
      page: pageArg(page),
    });
  },
};
