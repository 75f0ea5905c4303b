"use client";
import { Badge } from "@clustercord/ui";
import { Check, Circle, TriangleAlert, X } from "lucide-react";
import { editorLine, levelTone, locationText, patchText, stepLabel, stepTone } from "./format";
import type { FindingOut, StepOut } from "./types";

const statusIcons = { passed: Check, warnings: TriangleAlert, failed: X, skipped: Circle } as const;

/**
 * The six steps as a checklist, in the order they run: each with its status,
 * one-line summary and findings. A finding in the editor's text is a button
 * that moves the cursor to its line.
 */
export function StepsChecklist({
  steps,
  onGoTo,
}: {
  steps: StepOut[];
  onGoTo: (line: number, column: number) => void;
}) {
  return (
    <ol className="cc-steps" aria-label="Steps">
      {steps.map((s) => {
        const Icon = statusIcons[s.status];
        return (
          <li key={s.step} className="cc-step" data-step={s.step} data-status={s.status}>
            <div className="cc-step-head">
              <span className={`cc-step-icon cc-step-${s.status}`} aria-hidden>
                <Icon size={16} />
              </span>
              <h3>{stepLabel(s.step)}</h3>
              <Badge tone={stepTone(s.status)}>{s.status}</Badge>
              <span className="cc-step-summary">{s.summary}</span>
            </div>
            {s.findings.length > 0 && (
              <ul className="cc-findings" aria-label={`${stepLabel(s.step)} findings`}>
                {s.findings.map((f, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: findings have no identity but their place
                  <FindingItem key={i} finding={f} onGoTo={onGoTo} />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function FindingItem({
  finding: f,
  onGoTo,
}: {
  finding: FindingOut;
  onGoTo: (line: number, column: number) => void;
}) {
  const where = locationText(f);
  const target = editorLine(f);
  return (
    <li className="cc-finding" data-level={f.level} data-line={f.line ?? undefined}>
      <div className="cc-finding-head">
        <Badge tone={levelTone(f.level)}>{f.level}</Badge>
        {target ? (
          <button
            type="button"
            className="cc-link-button cc-mono"
            onClick={() => onGoTo(target.line, target.column)}
            aria-label={`Go to ${where}`}
          >
            {where}
          </button>
        ) : (
          <span className="cc-mono">{where}</span>
        )}
        {f.object && <span className="cc-mono">{f.object}</span>}
        {(f.policy || f.ruleId) && (
          <span className="cc-finding-rule">
            {ruleText(f)}
            {f.severity ? ` · ${f.severity}` : ""}
          </span>
        )}
      </div>
      <p className="cc-finding-message">{f.message}</p>
      {f.field && <p className="cc-mono cc-finding-field">{f.field}</p>}
      {f.fix && f.fix.length > 0 && (
        <details className="cc-finding-fix">
          <summary>Fix (JSON patch)</summary>
          <pre className="cc-apply-pre">{patchText(f.fix)}</pre>
        </details>
      )}
    </li>
  );
}

/** Who said it: a ClusterCord policy at admission ("Denied by policy X"), or a lint rule's id. */
function ruleText(f: FindingOut): string {
  if (f.policy) return f.level === "error" ? `Denied by policy ${f.policy}` : `Policy ${f.policy}`;
  return f.ruleId ?? "";
}
