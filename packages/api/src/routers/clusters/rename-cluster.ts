import { ClustersRenameInput, ClustersRenameOutput } from "@clustercord/contracts";
import { renameCluster } from "../../services/clusters";
import { roleProcedure } from "../../trpc";

/** Renames a cluster the active server owns; names are unique per server. */
export const renameClusterProcedure = roleProcedure("admin")
  .meta({
    auditTarget: (input) => {
      const { clusterId, name } = (input ?? {}) as { clusterId?: string; name?: string };
      return `cluster/${clusterId ?? "?"} -> ${name ?? "?"}`;
    },
  })
  .input(ClustersRenameInput)
  .output(ClustersRenameOutput)
  .mutation(({ ctx, input }) => renameCluster(ctx, ctx.actor.guildId, input.clusterId, input.name));
