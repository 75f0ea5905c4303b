/**
 * The six steps' bookkeeping, pure: each step's status and one-line summary
 * from its findings, later steps "skipped" once one failed, and the counts.
 */
import type {
  ManifestFinding,
  ManifestObject,
  ManifestStep,
  ManifestStepResult,
  ManifestValidation,
} from "@clustercord/contracts";

export const STEPS: readonly ManifestStep[] = ["parse", "schema", "dryRun", "lint", "diff", "apply"];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "2 errors in api.yaml, db.yaml" */
function problemsText(findings: readonly ManifestFinding[], level: "error" | "warning") {
  const picked = findings.filter((f) => f.level === level);
  const files = [...new Set(picked.map((f) => f.file).filter(Boolean))];
  const where = files.length > 0 ? ` in ${files.slice(0, 3).join(", ")}${files.length > 3 ? ", …" : ""}` : "";
  return `${plural(picked.length, level)}${where}`;
}

/** A step that ran: failed on any error, "warnings" on any warning, else passed with `passed` as its summary. */
export function ranStep(
  step: ManifestStep,
  findings: ManifestFinding[],
  passed: string,
  options: { errorsFail?: boolean } = {},
): ManifestStepResult {
  const errors = findings.some((f) => f.level === "error");
  const warnings = findings.some((f) => f.level === "warning");
  if (errors && options.errorsFail !== false) {
    return { step, status: "failed", summary: problemsText(findings, "error"), findings };
  }
  if (warnings || errors) {
    return { step, status: "warnings", summary: `${passed}; ${problemsText(findings, "warning")}`, findings };
  }
  return { step, status: "passed", summary: passed, findings };
}

export function skippedStep(step: ManifestStep, why: string): ManifestStepResult {
  return { step, status: "skipped", summary: why, findings: [] };
}

/** Always six entries in order: steps that did not run are skipped, after a failure or (apply) until confirmed. */
export function completeSteps(ran: readonly ManifestStepResult[]): ManifestStepResult[] {
  const failed = ran.find((s) => s.status === "failed");
  return STEPS.map((step) => {
    const done = ran.find((s) => s.step === step);
    if (done) return done;
    if (failed) return skippedStep(step, `Not run: the ${failed.step} step failed.`);
    return skippedStep(step, step === "apply" ? "Confirm the plan to apply." : "Not run.");
  });
}

export function countsOf(
  steps: readonly ManifestStepResult[],
  objects: readonly ManifestObject[],
  sizes: { files: number; documents: number },
): ManifestValidation["counts"] {
  const findings = steps.flatMap((s) => s.findings);
  const changes = (c: ManifestObject["change"]) => objects.filter((o) => o.change === c).length;
  return {
    files: sizes.files,
    documents: sizes.documents,
    objects: objects.length,
    errors: findings.filter((f) => f.level === "error").length,
    warnings: findings.filter((f) => f.level === "warning").length,
    created: changes("created"),
    changed: changes("changed"),
    unchanged: changes("unchanged"),
  };
}

/** "3 created, 1 changed, 8 unchanged" (or "no objects"). */
export function changesText(counts: Pick<ManifestValidation["counts"], "created" | "changed" | "unchanged">) {
  return (
    (["created", "changed", "unchanged"] as const)
      .filter((k) => counts[k] > 0)
      .map((k) => `${counts[k]} ${k}`)
      .join(", ") || "no objects"
  );
}
