"use client";
import type { HelmPlan, HelmValueChange } from "@clustercord/contracts";
import { Badge, Button, DiffView, ErrorNotice } from "@clustercord/ui";
import { userMessage } from "~/lib/trpc";
import { confirmLabel, countsText, objectChangeTone } from "./format";

/**
 * What an install, upgrade, rollback or uninstall will do, before it is done:
 * counts, each object with its change (and its diff, opened on demand), the
 * values changes, notes and warnings; then Confirm or Cancel.
 */
export function PlanView({
  plan,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  plan: HelmPlan;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const valueChanges = plan.values.user.length ? plan.values.user : plan.values.effective;
  return (
    <section className="cc-plan" aria-label={`Plan: ${plan.summary}`} data-testid="helm-plan">
      <p>
        <strong>{plan.summary}</strong>
      </p>
      <p className="cc-muted" data-testid="plan-counts">
        {plan.kind === "uninstall"
          ? `${plan.objects.length} objects will be deleted`
          : countsText(plan.counts)}
        {plan.from || plan.to ? ` · ${plan.from ?? "new"} → ${plan.to ?? "removed"}` : ""}
      </p>
      {plan.warnings.length > 0 && (
        <ul className="cc-warning" aria-label="Warnings">
          {plan.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <h3>{plan.kind === "uninstall" ? "Objects to delete" : "Objects"}</h3>
      {plan.objects.length === 0 ? (
        <p className="cc-muted">No objects.</p>
      ) : (
        <ul className="cc-plan-objects" aria-label="Objects">
          {plan.objects.map((o) => {
            const name = `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
            const head = (
              <>
                <Badge tone={objectChangeTone(o.change)}>{o.change}</Badge>
                <span className="cc-mono">{name}</span>
              </>
            );
            return (
              <li key={`${o.kind}/${o.namespace ?? ""}/${o.name}`} data-object={name} data-change={o.change}>
                {o.diff ? (
                  <details>
                    <summary>{head}</summary>
                    <DiffView diff={o.diff} label={`Diff of ${name}`} />
                  </details>
                ) : (
                  <div className="cc-plan-object">{head}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {plan.kind !== "uninstall" && (
        <>
          <h3>Values changes</h3>
          <ValuesChanges changes={valueChanges} />
          {plan.values.diff && (
            <details>
              <summary>Effective values diff</summary>
              <DiffView diff={plan.values.diff} label="Effective values diff" />
            </details>
          )}
        </>
      )}
      {plan.notes && (
        <details>
          <summary>Notes</summary>
          <pre className="cc-helm-pre">{plan.notes}</pre>
        </details>
      )}
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      <div className="cc-helm-actions">
        <Button variant="primary" disabled={pending} onClick={onConfirm}>
          {confirmLabel(plan)}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}

function ValuesChanges({ changes }: { changes: HelmValueChange[] }) {
  if (changes.length === 0) return <p className="cc-muted">No values change.</p>;
  return (
    <div className="cc-table-wrap">
      <table className="cc-table cc-helm-values" aria-label="Values changes">
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.path} data-path={c.path} data-change={c.change}>
              <td>{c.path}</td>
              <td>{c.before ?? "—"}</td>
              <td>{c.after ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
