import { PoliciesPlanFixInput, PolicyFixPlan } from "@clustercord/contracts";
import { planPolicyFix } from "../../services/policies";
import { roleProcedure } from "../../trpc";
import { workloadTarget } from "./audit-targets";

/** Step one of a fix: the rule's patch on the live workload, dry-run as the person and shown as a diff. A mutation: it stores the plan. */
export const planFixProcedure = roleProcedure("operator")
  .meta({ auditTarget: workloadTarget, rateLimit: "expensive" })
  .input(PoliciesPlanFixInput)
  .output(PolicyFixPlan)
  .mutation(({ ctx, input }) => planPolicyFix(ctx, ctx.actor, input));
