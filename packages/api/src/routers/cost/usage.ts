import { CostUsageInput, CostUsageOutput } from "@clustercord/contracts";
import { costUsage } from "../../services/cost";
import { guildProcedure } from "../../trpc";

/** Hourly usage vs requests vs capacity, the series both clients chart. */
export const usageProcedure = guildProcedure
  .input(CostUsageInput)
  .output(CostUsageOutput)
  .query(({ ctx, input }) => costUsage(ctx, ctx.actor, input));
