import { PoliciesAuditInput, PoliciesAuditOutput } from "@clustercord/contracts";
import { auditNow } from "../../services/policies";
import { roleProcedure } from "../../trpc";
import { clusterTarget } from "./audit-targets";

/** One background-audit pass now, instead of waiting for the next. */
export const runAuditProcedure = roleProcedure("operator")
  .meta({ auditTarget: clusterTarget, rateLimit: "expensive" })
  .input(PoliciesAuditInput)
  .output(PoliciesAuditOutput)
  .mutation(({ ctx, input }) => auditNow(ctx, ctx.actor, input));
