import { HelmPlan, HelmPlanRollbackInput } from "@clustercord/contracts";
import { planRollback } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";

/** Step one of a rollback: what going back to the revision changes. */
export const planRollbackProcedure = roleProcedure("operator")
  .meta({ rateLimit: "expensive" })
  .input(HelmPlanRollbackInput)
  .output(HelmPlan)
  .query(({ ctx, input }) => planRollback(ctx, ctx.actor, input));
