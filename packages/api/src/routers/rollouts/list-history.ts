import { RolloutsHistoryOutput, RolloutTarget } from "@clustercord/contracts";
import { listRolloutHistory } from "../../services/rollouts";
import { guildProcedure } from "../../trpc";

/** A workload's revisions, newest first: images, change-cause, time, current, rolled back. */
export const listHistoryProcedure = guildProcedure
  .input(RolloutTarget)
  .output(RolloutsHistoryOutput)
  .query(({ ctx, input }) => listRolloutHistory(ctx, ctx.actor, input));
