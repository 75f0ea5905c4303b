import { ManifestPlan, ManifestsInput } from "@clustercord/contracts";
import { planApply } from "../../services/manifests";
import { roleProcedure } from "../../trpc";
import { batchTarget } from "./audit-targets";

/** Step one of an apply: validates as manifests.validate does and, when nothing failed, stores the plan and gives a token. */
export const planApplyProcedure = roleProcedure("operator")
  .meta({ auditTarget: batchTarget, rateLimit: "expensive" })
  .input(ManifestsInput)
  .output(ManifestPlan)
  .mutation(({ ctx, input }) => planApply(ctx, ctx.actor, input));
