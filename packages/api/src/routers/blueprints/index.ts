import { router } from "../../trpc";
import { getRunProcedure } from "./get-run";
import { installBlueprintProcedure } from "./install-blueprint";
import { listBlueprintsProcedure } from "./list-blueprints";
import { planBlueprintProcedure } from "./plan-blueprint";

export const blueprintsRouter = router({
  list: listBlueprintsProcedure,
  plan: planBlueprintProcedure,
  install: installBlueprintProcedure,
  run: getRunProcedure,
});
