import type { InteractionEditReplyOptions } from "discord.js";
import type { ApiClient } from "../../api-client";
import { renderHistory } from "../../render/helm";
import { UserError } from "../../user-error";
import { packId, unpackId } from "../cluster/custom-id";
import type { ClusterSubcommand } from "../cluster/types";
import type { ButtonHandler } from "../types";
import { clusterOf, releaseOf, withCluster, withRelease } from "./options";
import { pageArg, pageRow } from "./paging";

const PAGE = "helm-hist";

interface HistoryQuery {
  clusterId: string;
  clusterName: string;
  namespace: string;
  release: string;
  page: number;
}

async function historyReply(api: ApiClient, q: HistoryQuery): Promise<InteractionEditReplyOptions> {
  const { revisions } = await api.helm.history.query({
    clusterId: q.clusterId,
    namespace: q.namespace,
    release: q.release,
  });
  const { embed, page, pages } = renderHistory(revisions, q);
  const row = pageRow(PAGE, [packId(q.clusterId), q.namespace, q.release], page, pages);
  return { embeds: [embed], components: row ? [row] : [] };
}

/** `/helm history release:<r>`: helm.history (the web's release page), newest first, paged. */
export const historySubcommand: ClusterSubcommand = {
  name: "history",
  description: "A release's revisions (chart version, status, when), newest first",
  options: (sub) => withCluster(withRelease(sub)),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const target = await releaseOf(api, interaction, cluster.id);
    return historyReply(api, { clusterId: cluster.id, clusterName: cluster.name, ...target, page: 0 });
  },
};

export const helmHistoryPageButton: ButtonHandler = {
  prefix: PAGE,
  async execute({ api, args }) {
    const [packed = "", namespace = "", release = "", page] = args;
    const clusterId = unpackId(packed);
    if (!clusterId || !namespace || !release)
      throw new UserError("That button is out of date; run /helm history again.");
    const { clusters } = await api.clusters.list.query();
    const clusterName = clusters.find((c) => c.id === clusterId)?.name ?? "this cluster";
    return historyReply(api, { clusterId, clusterName, namespace, release, page: pageArg(page) });
  },
};
