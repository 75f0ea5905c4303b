import { ClustersRemoveInput, ClustersRemoveOutput } from "@clustercord/contracts";
import { removeCluster } from "../../services/clusters";
import { roleProcedure } from "../../trpc";

/** Step two: removes the cluster, given the token its plan returned to the same person. */
export const removeClusterProcedure = roleProcedure("admin")
  .meta({ auditTarget: (input) => `cluster/${(input as { clusterId?: string })?.clusterId ?? "?"}` })
  .input(ClustersRemoveInput)
  .output(ClustersRemoveOutput)
  .mutation(({ ctx, input }) => removeCluster(ctx, ctx.actor, input.clusterId, input.confirmToken));
