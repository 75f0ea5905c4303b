"use client";
import { Button, Dialog, ErrorNotice } from "@clustercord/ui";
import { useEffect, useState } from "react";
import { userMessage } from "~/lib/trpc";
import { changeCounts, expiryText } from "./format";
import type { PlanOut } from "./types";

/** The last step before the cluster changes: what the plan will do, until when it holds, Apply or Cancel. */
export function ApplyConfirm({
  plan,
  clusterName,
  open,
  onOpenChange,
  pending,
  error,
  onConfirm,
}: {
  plan: PlanOut;
  clusterName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
}) {
  const now = useClock(open);
  const expiry = expiryText(plan.expiresAt, now);
  const expired = !!plan.expiresAt && Date.parse(plan.expiresAt) <= now;
  const n = plan.counts.objects;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={`Apply to ${clusterName}?`}>
      <div className="cc-apply-confirm" data-testid="apply-confirm">
        <p>
          <strong>
            {n} {n === 1 ? "object" : "objects"}
          </strong>
          : <span data-testid="confirm-counts">{changeCounts(plan.counts)}</span>. Objects that name no
          namespace go to <span className="cc-mono">{plan.namespace}</span>.
        </p>
        {plan.counts.warnings > 0 && (
          <p className="cc-warning">
            {plan.counts.warnings} {plan.counts.warnings === 1 ? "warning" : "warnings"} in the plan.
          </p>
        )}
        {expiry && (
          <p className="cc-muted" data-testid="plan-expiry">
            This plan {expiry}.
          </p>
        )}
        <p className="cc-muted">Objects are applied in the order shown; the first failure stops the batch.</p>
        {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
        <div className="cc-apply-actions">
          <Button variant="primary" disabled={pending || expired} onClick={onConfirm}>
            {pending ? "Applying…" : `Apply ${n} ${n === 1 ? "object" : "objects"}`}
          </Button>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/** The time, moving every 15 s while the dialog is open (the expiry counts down). */
function useClock(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
