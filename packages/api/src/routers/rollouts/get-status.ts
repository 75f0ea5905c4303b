import { RolloutsStatusOutput, RolloutTarget } from "@clustercord/contracts";
import { getRolloutStatus } from "../../services/rollouts-status";
import { guildProcedure } from "../../trpc";

/** Where a workload's rollout stands (kubectl rollout status's rule), with its sets, conditions and events. */
export const getStatusProcedure = guildProcedure
  .input(RolloutTarget)
  .output(RolloutsStatusOutput)
  .query(({ ctx, input }) => getRolloutStatus(ctx, ctx.actor, input));
