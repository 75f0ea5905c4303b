import { BlueprintPlan, BlueprintPlanInput } from "@clustercord/contracts";
import { planBlueprint } from "../../services/blueprints";
import { roleProcedure } from "../../trpc";
import { blueprintTarget } from "../helm/audit-targets";

/** Step one of a bootstrap: each component's plan, in install order. A mutation: it stores the plan, and its values can be too big for a URL. */
export const planBlueprintProcedure = roleProcedure("operator")
  .meta({ auditTarget: blueprintTarget, rateLimit: "expensive" })
  .input(BlueprintPlanInput)
  .output(BlueprintPlan)
  .mutation(({ ctx, input }) => planBlueprint(ctx, ctx.actor, input));
