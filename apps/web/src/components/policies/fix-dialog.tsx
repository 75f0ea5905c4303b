"use client";
import { Button, Dialog, DiffView, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { ApplyResultView } from "~/components/manifests/apply-result";
import { expiryText } from "~/components/manifests/format";
import { userMessage, useTRPC } from "~/lib/trpc";
import { auditSummary, workloadOf } from "./format";
import type { ViolationOut } from "./types";

/**
 * Fix one violation: the rule's patch as planned by the API (what it changes
 * and the diff of the live object), then Apply fix, the result object by
 * object, and an audit pass so the table shows whether it is gone.
 */
export function FixDialog({
  clusterId,
  violation,
  onClose,
}: {
  clusterId: string;
  violation: ViolationOut;
  onClose: () => void;
}) {
  const workload = workloadOf(violation);
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={`Fix ${violation.policy} on ${workload}`}
      wide
    >
      <FixFlow clusterId={clusterId} violation={violation} onClose={onClose} />
    </Dialog>
  );
}

function FixFlow({
  clusterId,
  violation,
  onClose,
}: {
  clusterId: string;
  violation: ViolationOut;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.policies.violations.queryKey() });
  };
  const plan = useMutation(trpc.policies.planFix.mutationOptions());
  const audit = useMutation(trpc.policies.audit.mutationOptions({ onSettled: refresh }));
  const fix = useMutation(
    trpc.policies.fix.mutationOptions({
      onSuccess: (result) => {
        if (result.status === "applied") audit.mutate({ clusterId });
        else refresh();
      },
    }),
  );
  const asked = useRef(false);

  // Planned once, when the dialog opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the violation is fixed for the dialog's life
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    plan.mutate({
      clusterId,
      policy: violation.policy,
      namespace: violation.namespace,
      workload: workloadOf(violation),
    });
  }, []);

  if (plan.isPending || plan.isIdle)
    return (
      <p className="cc-muted" role="status">
        Planning the fix (a server-side dry-run of the patched workload)…
      </p>
    );
  if (plan.error) return <ErrorNotice>{userMessage(plan.error)}</ErrorNotice>;
  const p = plan.data;
  if (!p) return null;

  return (
    <section className="cc-fix" aria-label="Fix plan" data-testid="fix-plan">
      <p className="cc-fix-violation">{violation.message}</p>
      <h3>What the fix changes</h3>
      <ul className="cc-fix-summary" aria-label="Changes">
        {p.summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {p.warnings.length > 0 && (
        <ul className="cc-warning cc-apply-warnings" aria-label="Warnings">
          {p.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <DiffView diff={p.diff} label={`Diff of ${p.workload}`} syntax="yaml" />
      {!fix.data && <p className="cc-muted">This plan {expiryText(p.expiresAt, Date.now())}.</p>}
      {fix.error ? <ErrorNotice>{userMessage(fix.error)}</ErrorNotice> : null}
      {fix.data ? (
        <>
          <ApplyResultView result={fix.data} />
          {audit.isPending && (
            <p className="cc-muted" role="status">
              Auditing again…
            </p>
          )}
          {audit.data && (
            <p className="cc-muted" role="status" data-testid="fix-audit">
              {auditSummary(audit.data)}
            </p>
          )}
          {audit.error ? <ErrorNotice>{userMessage(audit.error)}</ErrorNotice> : null}
          <div className="cc-apply-actions">
            <Button variant="secondary" onClick={onClose}>
              Close
            </Button>
          </div>
        </>
      ) : (
        <div className="cc-apply-actions">
          <Button
            variant="primary"
            disabled={fix.isPending}
            onClick={() => fix.mutate({ clusterId, planId: p.planId, confirmToken: p.confirmToken })}
          >
            {fix.isPending ? "Applying…" : "Apply fix"}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      )}
    </section>
  );
}
