import { z } from "zod";
import { ClusterId } from "./clusters";
import { DiagnoseTarget } from "./diagnostics";

/**
 * diagnostics.planFix: a finding's fix as a manifests plan (the live object
 * with the patch, its diff and a confirmation token), confirmed with
 * manifests.apply. The answer is a ManifestPlan.
 */
export const DiagnosticsPlanFixInput = z.object({
  clusterId: ClusterId,
  /** What was diagnosed (the finding is found again by re-running this diagnosis). */
  target: DiagnoseTarget,
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{16,64}$/, "must be a finding's fingerprint (16 to 64 lowercase hex characters)"),
});
export type DiagnosticsPlanFixInput = z.input<typeof DiagnosticsPlanFixInput>;
