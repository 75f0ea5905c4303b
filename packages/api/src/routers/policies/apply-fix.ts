import { ManifestApplyResult, PoliciesFixInput } from "@clustercord/contracts";
import { applyPolicyFix } from "../../services/policies";
import { roleProcedure } from "../../trpc";
import { planTarget } from "./audit-targets";

/** Step two: applies the planned fix through the same confirm path as a YAML apply. */
export const applyFixProcedure = roleProcedure("operator")
  .meta({ auditTarget: planTarget, rateLimit: "expensive" })
  .input(PoliciesFixInput)
  .output(ManifestApplyResult)
  .mutation(({ ctx, input }) => applyPolicyFix(ctx, ctx.actor, input));
