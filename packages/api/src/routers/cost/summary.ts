import { CostSummaryInput, CostSummaryOutput } from "@clustercord/contracts";
import { costSummary } from "../../services/cost";
import { guildProcedure } from "../../trpc";

/** Totals, daily series, trend and gaps for a period, over what the person may see. */
export const summaryProcedure = guildProcedure
  .input(CostSummaryInput)
  .output(CostSummaryOutput)
  .query(({ ctx, input }) => costSummary(ctx, ctx.actor, input));
