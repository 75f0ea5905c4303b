import { ActionPlan, ClustersPlanRemoveInput } from "@clustercord/contracts";
import { planRemoveCluster } from "../../services/clusters";
import { roleProcedure } from "../../trpc";

/** Step one of removing a cluster: what will change, and a token to confirm it. Changes nothing. */
export const planRemoveClusterProcedure = roleProcedure("admin")
  .input(ClustersPlanRemoveInput)
  .output(ActionPlan)
  .query(({ ctx, input }) => planRemoveCluster(ctx, ctx.actor, input.clusterId));
