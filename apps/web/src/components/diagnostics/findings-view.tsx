"use client";
import type { FindingHistorySummary } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";
import { useId } from "react";
import { shortDate } from "~/components/helm/format";
import { ApplyFixButton } from "./apply-fix";
import { FindingHistoryLine } from "./finding-history";
import { isQuoted, objectText, patchLine, severityTone, targetText } from "./format";
import type { FindingOut, FixOut } from "./types";

type Level = 3 | 4;

/**
 * The findings of one diagnosis, most severe first (the API's order), each
 * with its evidence and fix. `level` is the titles' heading level: 4 under a
 * pass's namespace headings, so the outline stays in order.
 */
export function FindingsList({
  findings,
  level = 3,
  onApplyFix,
  history,
}: {
  findings: readonly FindingOut[];
  level?: Level;
  /** Offers "Apply fix…" on findings with a fix (the caller opens the plan dialog). */
  onApplyFix?: ((f: FindingOut) => void) | undefined;
  /** diagnostics.run's history by fingerprint: a line under each finding. */
  history?: Record<string, FindingHistorySummary> | undefined;
}) {
  return (
    <ol className="cc-diag-findings" aria-label="Findings">
      {findings.map((f) => (
        <li key={f.fingerprint}>
          <FindingCard finding={f} level={level} onApplyFix={onApplyFix} history={history?.[f.fingerprint]} />
        </li>
      ))}
    </ol>
  );
}

function FindingCard({
  finding: f,
  level,
  onApplyFix,
  history,
}: {
  finding: FindingOut;
  level: Level;
  onApplyFix?: ((f: FindingOut) => void) | undefined;
  history?: FindingHistorySummary | undefined;
}) {
  const titleId = useId();
  const Title = level === 3 ? "h3" : "h4";
  const Sub = level === 3 ? "h4" : "h5";
  return (
    <article
      className="cc-diag-finding"
      aria-labelledby={titleId}
      data-finding-id={f.id}
      data-severity={f.severity}
    >
      <header className="cc-diag-finding-head">
        <Badge tone={severityTone(f.severity)}>{f.severity}</Badge>
        <Title id={titleId} className="cc-diag-title">
          {f.title}
        </Title>
      </header>
      <p className="cc-muted cc-diag-about">
        {targetText(f.target)} · <span className="cc-mono">{f.id}</span>
      </p>
      <FindingHistoryLine history={history} />
      <p className="cc-diag-cause">{f.cause}</p>
      {f.evidence.length > 0 && (
        <>
          <Sub>Evidence</Sub>
          <ul className="cc-diag-evidence" aria-label="Evidence">
            {f.evidence.map((e, i) => (
              // Evidence has no id; the API's order is stable within one answer.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i} data-source={e.source}>
                <span className="cc-diag-label">{e.label}</span>
                {": "}
                <span className={isQuoted(e) ? "cc-diag-value cc-diag-quoted" : "cc-diag-value"}>
                  {e.value}
                </span>
                <span className="cc-muted cc-diag-source">
                  {" "}
                  ({e.source}
                  {e.object ? ` of ${objectText(e.object, f.target.namespace)}` : ""}
                  {e.at ? (
                    <>
                      {", "}
                      <time dateTime={e.at}>{shortDate(e.at)} UTC</time>
                    </>
                  ) : null}
                  )
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {f.recommendations.length > 0 && (
        <>
          <Sub>What to do</Sub>
          <ul className="cc-diag-recommendations" aria-label="Recommendations">
            {f.recommendations.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {f.fix && <FixView fix={f.fix} Sub={Sub} onApply={onApplyFix ? () => onApplyFix(f) : undefined} />}
    </article>
  );
}

/** The suggested fix as a readable list of patch operations, and "Apply fix…" where the caller offers it. */
function FixView({
  fix,
  Sub,
  onApply,
}: {
  fix: FixOut;
  Sub: "h4" | "h5";
  onApply?: (() => void) | undefined;
}) {
  return (
    <section className="cc-diag-fix" aria-label="Suggested fix">
      <Sub>Suggested fix</Sub>
      <p className="cc-diag-fix-description">{fix.description}</p>
      <p className="cc-muted">
        A JSON patch to {targetText(fix.target)}
        {onApply
          ? ": Apply fix… shows the change as a diff and applies it only when you confirm (operators and admins)."
          : ", not applied: review it, then change the workload yourself."}
      </p>
      <ol className="cc-diag-patch" aria-label="Patch operations">
        {fix.patch.map((op, i) => {
          const line = patchLine(op);
          return (
            // Operations apply in order; the index is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i} data-op={line.op}>
              <span className="cc-diag-op-sign" aria-hidden>
                {line.sign}
              </span>{" "}
              <span className="cc-diag-op-words">{line.words}</span>{" "}
              <span className="cc-diag-op-path">{line.path}</span>
              {line.value !== undefined && (
                <>
                  {" → "}
                  <span className="cc-diag-op-value">{line.value}</span>
                </>
              )}
            </li>
          );
        })}
      </ol>
      {onApply && <ApplyFixButton onClick={onApply} />}
    </section>
  );
}
