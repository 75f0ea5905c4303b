import { HelmSearchInput, HelmSearchOutput } from "@clustercord/contracts";
import { searchCharts } from "../../services/helm-catalog";
import { guildProcedure } from "../../trpc";

/** Charts from ArtifactHub and the guild's repositories, best match first. */
export const searchChartsProcedure = guildProcedure
  .input(HelmSearchInput)
  .output(HelmSearchOutput)
  .query(({ ctx, input }) => searchCharts(ctx, ctx.actor, input));
