import { HelmChartInput, HelmChartOutput } from "@clustercord/contracts";
import { getChart } from "../../services/helm-catalog";
import { guildProcedure } from "../../trpc";

/** One chart: versions, changelog, default values, values schema and README. */
export const getChartProcedure = guildProcedure
  .input(HelmChartInput)
  .output(HelmChartOutput)
  .query(({ ctx, input }) => getChart(ctx, ctx.actor, input));
