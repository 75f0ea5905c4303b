import { BlueprintPlan, BlueprintPlanInput } from "@clustercord/contracts";
import { planBlueprint } from "../../services/blueprints";
import { roleProcedure } from "../../trpc";

/** Step one of a bootstrap: each component's plan, in install order. */
export const planBlueprintProcedure = roleProcedure("operator")
  .meta({ rateLimit: "expensive" })
  .input(BlueprintPlanInput)
  .output(BlueprintPlan)
  .query(({ ctx, input }) => planBlueprint(ctx, ctx.actor, input));
