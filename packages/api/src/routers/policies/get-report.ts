import { PoliciesReportInput, PoliciesReportOutput } from "@clustercord/contracts";
import { policyReport } from "../../services/policies";
import { guildProcedure } from "../../trpc";

/** The violations as a PDF, a PolicyReport (wgpolicyk8s.io/v1alpha2) JSON or CSV file. */
export const getReportProcedure = guildProcedure
  .meta({ rateLimit: "expensive" })
  .input(PoliciesReportInput)
  .output(PoliciesReportOutput)
  .query(({ ctx, input }) => policyReport(ctx, ctx.actor, input));
