import { router } from "../../trpc";
import { applyFixProcedure } from "./apply-fix";
import { disablePolicyProcedure } from "./disable-policy";
import { enablePolicyProcedure } from "./enable-policy";
import { getReportProcedure } from "./get-report";
import { listPoliciesProcedure } from "./list-policies";
import { listViolationsProcedure } from "./list-violations";
import { planFixProcedure } from "./plan-fix";
import { runAuditProcedure } from "./run-audit";
import { setPolicyModeProcedure } from "./set-policy-mode";

export const policiesRouter = router({
  list: listPoliciesProcedure,
  enable: enablePolicyProcedure,
  setMode: setPolicyModeProcedure,
  disable: disablePolicyProcedure,
  violations: listViolationsProcedure,
  report: getReportProcedure,
  audit: runAuditProcedure,
  planFix: planFixProcedure,
  fix: applyFixProcedure,
});
