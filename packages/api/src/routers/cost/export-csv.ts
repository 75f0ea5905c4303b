import { CostExportInput, CostExportOutput } from "@clustercord/contracts";
import { exportCost } from "../../services/cost";
import { guildProcedure } from "../../trpc";

/** CSV per resource per day; the same bytes for the web and Discord. */
export const exportProcedure = guildProcedure
  .meta({ rateLimit: "expensive" })
  .input(CostExportInput)
  .output(CostExportOutput)
  .query(({ ctx, input }) => exportCost(ctx, ctx.actor, input));
