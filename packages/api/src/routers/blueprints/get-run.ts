import { BlueprintRun, BlueprintRunInput } from "@clustercord/contracts";
import { getBlueprintRun } from "../../services/blueprints";
import { guildProcedure } from "../../trpc";

/** A bootstrap run's per-component status. */
export const getRunProcedure = guildProcedure
  .input(BlueprintRunInput)
  .output(BlueprintRun)
  .query(({ ctx, input }) => getBlueprintRun(ctx, ctx.actor, input));
