import { ClustersStatusInput, ClustersStatusOutput } from "@clustercord/contracts";
import { clusterStatus } from "../../services/clusters";
import { guildProcedure } from "../../trpc";

export const getClusterStatusProcedure = guildProcedure
  .meta({ rateLimit: "expensive" })
  .input(ClustersStatusInput)
  .output(ClustersStatusOutput)
  .query(({ ctx, input }) => clusterStatus(ctx, ctx.actor.guildId, input.clusterId));
