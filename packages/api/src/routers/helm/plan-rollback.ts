import { HelmPlan, HelmPlanRollbackInput } from "@clustercord/contracts";
import { planRollback } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";
import { releaseTarget } from "./audit-targets";

/** Step one of a rollback: what going back to the revision changes. A mutation: it stores the plan, and its values can be too big for a URL. */
export const planRollbackProcedure = roleProcedure("operator")
  .meta({ auditTarget: releaseTarget, rateLimit: "expensive" })
  .input(HelmPlanRollbackInput)
  .output(HelmPlan)
  .mutation(({ ctx, input }) => planRollback(ctx, ctx.actor, input));
