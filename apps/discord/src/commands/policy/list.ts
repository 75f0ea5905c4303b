import { renderPolicyList } from "../../render/policies";
import type { ClusterSubcommand } from "../cluster/types";
import { clusterOf, withCluster } from "./options";

/** `/policy list [cluster:]`: policies.list, the seven policies with mode, drift and open violations. */
export const listSubcommand: ClusterSubcommand = {
  name: "list",
  description: "The seven policies on a cluster: mode, drift and open violations",
  options: withCluster,
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const out = await api.policies.list.query({ clusterId: cluster.id });
    return { embeds: [renderPolicyList(out, cluster.name)] };
  },
};
