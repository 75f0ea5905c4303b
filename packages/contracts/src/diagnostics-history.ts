import { z } from "zod";
import { ClusterId } from "./clusters";
import { DiagnoseTarget, FindingHistorySummary, ObjectRef, Severity } from "./diagnostics";

/**
 * diagnostics.history: the stored history of findings on a cluster, for one
 * target (a namespace target: everything in it) or one fingerprint.
 */
export const DiagnosticsHistoryInput = z
  .object({
    clusterId: ClusterId,
    target: DiagnoseTarget.optional(),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{16,64}$/, "fingerprint must be 16 to 64 lowercase hex characters")
      .optional(),
  })
  .refine((i) => (i.target === undefined) !== (i.fingerprint === undefined), {
    message: "Give either a target or a fingerprint (exactly one).",
    path: ["target"],
  });
export type DiagnosticsHistoryInput = z.input<typeof DiagnosticsHistoryInput>;

export const DiagnosticsHistoryEntry = FindingHistorySummary.extend({
  fingerprint: z.string(),
  findingId: z.string(),
  severity: Severity,
  title: z.string(),
  target: ObjectRef,
});
export type DiagnosticsHistoryEntry = z.infer<typeof DiagnosticsHistoryEntry>;

export const DiagnosticsHistoryOutput = z.object({
  /** Open findings first, then the most recently seen; at most 200. */
  entries: z.array(DiagnosticsHistoryEntry),
});
export type DiagnosticsHistoryOutput = z.infer<typeof DiagnosticsHistoryOutput>;
