"use client";
import { Badge } from "@clustercord/ui";
import { objectName, outcomeTone, patchText } from "./format";
import type { ApplyResultOut } from "./types";
import "./manifests.css";

/**
 * What an apply (or a policy fix) did: every object applied, failed (with the
 * cluster's message) or not attempted; admission warnings; and, when a
 * ClusterCord policy refused an object, which one and its fix.
 */
export function ApplyResultView({ result }: { result: ApplyResultOut }) {
  return (
    <section
      className="cc-apply-result"
      aria-label="Apply result"
      data-testid="apply-result"
      data-status={result.status}
    >
      <p role="status">
        <Badge tone={result.status === "applied" ? "good" : "bad"}>{result.status}</Badge> {result.message}
      </p>
      {result.deniedBy && (
        <div className="cc-apply-denied" role="alert">
          <p>
            <strong>Denied by policy {result.deniedBy.policy}</strong>: {result.deniedBy.message}
          </p>
          {result.deniedBy.fix && result.deniedBy.fix.length > 0 && (
            <details open>
              <summary>Fix (JSON patch)</summary>
              <pre className="cc-apply-pre">{patchText(result.deniedBy.fix)}</pre>
            </details>
          )}
        </div>
      )}
      {result.warnings.length > 0 && (
        <ul className="cc-warning cc-apply-warnings" aria-label="Warnings">
          {result.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <ul className="cc-apply-outcomes" aria-label="Objects">
        {result.objects.map((o) => {
          const name = objectName(o);
          return (
            <li key={`${o.apiVersion}/${name}`} data-object={name} data-result={o.result}>
              <Badge tone={outcomeTone(o.result)}>{o.result}</Badge>
              <span className="cc-mono">{name}</span>
              {o.message && <span className="cc-apply-message">{o.message}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
