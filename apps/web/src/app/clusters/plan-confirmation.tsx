"use client";
import type { ActionPlan } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { userMessage } from "~/lib/trpc";

/**
 * Step two of every destructive action: the plan the API returned (summary
 * and changes), then Confirm or Cancel. Named by the plan's summary.
 */
export function PlanConfirmation({
  plan,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  plan: ActionPlan;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="cc-confirm" role="dialog" aria-label={plan.summary}>
      <strong>{plan.summary}</strong>
      <ul>
        {plan.changes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      <span className="cc-inline">
        <Button variant="danger" disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </span>
    </div>
  );
}
