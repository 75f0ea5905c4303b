import { ClustersListOutput } from "@clustercord/contracts";
import { listClusters } from "../../services/clusters";
import { guildProcedure } from "../../trpc";

export const listClustersProcedure = guildProcedure
  .output(ClustersListOutput)
  .query(async ({ ctx }) => ({ clusters: await listClusters(ctx, ctx.actor.guildId) }));
