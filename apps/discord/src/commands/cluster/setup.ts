import { renderClusterSetup } from "../../render/clusters";
import type { ClusterSubcommand } from "./types";

/** `/cluster setup`: clusters.setup, the manifest as an attachment and the two kubectl commands. */
export const setupSubcommand: ClusterSubcommand = {
  name: "setup",
  description: "How to prepare a cluster before adding it: a minimal manifest and two kubectl commands",
  async execute({ api }) {
    return renderClusterSetup(await api.clusters.setup.query());
  },
};
