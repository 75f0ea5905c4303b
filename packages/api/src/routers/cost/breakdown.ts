import { CostBreakdownInput, CostBreakdownOutput } from "@clustercord/contracts";
import { costBreakdown } from "../../services/cost";
import { guildProcedure } from "../../trpc";

/** Cost by namespace, workload or person, largest first. */
export const breakdownProcedure = guildProcedure
  .input(CostBreakdownInput)
  .output(CostBreakdownOutput)
  .query(({ ctx, input }) => costBreakdown(ctx, ctx.actor, input));
