import { BlueprintsListOutput } from "@clustercord/contracts";
import { listBlueprints } from "../../services/blueprints";
import { guildProcedure } from "../../trpc";

/** The presets (guide feature 3) and what each installs. */
export const listBlueprintsProcedure = guildProcedure
  .output(BlueprintsListOutput)
  .query(({ ctx }) => listBlueprints(ctx, ctx.actor));
