import { HelmConfirmInput, HelmOperation } from "@clustercord/contracts";
import { confirmPlan } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";
import { planTarget } from "./audit-targets";

/** Step two: runs exactly the rollback the plan showed, as the person, in the background. */
export const rollbackReleaseProcedure = roleProcedure("operator")
  .meta({ auditTarget: planTarget, rateLimit: "expensive" })
  .input(HelmConfirmInput)
  .output(HelmOperation)
  .mutation(({ ctx, input }) => confirmPlan(ctx, ctx.actor, "rollback", input));
