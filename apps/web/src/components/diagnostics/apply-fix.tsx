"use client";
import type { DiagnoseTarget } from "@clustercord/contracts";
import { Button, Dialog, DiffView, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ApplyResultView } from "~/components/manifests/apply-result";
import { changeCounts, expiryText, objectName } from "~/components/manifests/format";
import { useGuildRole } from "~/components/manifests/use-role";
import { userMessage, useTRPC } from "~/lib/trpc";
import type { FindingOut } from "./types";

const WORKLOAD_KINDS = new Set([
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
]);

/** What to diagnose again to find `f` (the Health page's findings): its own object, when that is a pod or workload. */
export function findingTarget(f: FindingOut): DiagnoseTarget | null {
  const { kind, namespace, name } = f.target;
  if (!namespace || !WORKLOAD_KINDS.has(kind)) return null;
  return { kind, namespace, name } as DiagnoseTarget;
}

/** "Apply fix…" on a finding with a fix, for operators and admins (the API refuses viewers too). */
export function ApplyFixButton({ onClick }: { onClick: () => void }) {
  const { canOperate } = useGuildRole();
  if (!canOperate) return null;
  return (
    <div className="cc-apply-actions">
      <Button variant="primary" onClick={onClick}>
        Apply fix…
      </Button>
    </div>
  );
}

/** How long the dialog keeps diagnosing again after an apply, waiting for the rollout to clear the finding. */
const RESOLVE_TIMEOUT_MS = 60_000;
const RESOLVE_EVERY_MS = 2_000;

/**
 * A finding's fix through the Apply page's confirm path: diagnostics.planFix
 * plans the patched object as manifests.planApply plans a file (its diff, a
 * token), Apply fix confirms it with manifests.apply, then the target is
 * diagnosed again until the finding is gone (or we stop waiting).
 */
export function ApplyFixDialog({
  clusterId,
  target,
  finding,
  onClose,
}: {
  clusterId: string;
  target: DiagnoseTarget;
  finding: FindingOut;
  onClose: () => void;
}) {
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={`Apply fix: ${finding.title}`}
      wide
    >
      <FixFlow clusterId={clusterId} target={target} finding={finding} onClose={onClose} />
    </Dialog>
  );
}

type Resolution = "checking" | "resolved" | "still-reported" | null;

function FixFlow({
  clusterId,
  target,
  finding,
  onClose,
}: {
  clusterId: string;
  target: DiagnoseTarget;
  finding: FindingOut;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const plan = useMutation(trpc.diagnostics.planFix.mutationOptions());
  const [resolution, setResolution] = useState<Resolution>(null);
  const open = useRef(true);
  useEffect(
    () => () => {
      open.current = false;
    },
    [],
  );

  /** Diagnoses the target again (the panel's own query, so its list follows) until the finding is gone. */
  const checkResolved = async () => {
    setResolution("checking");
    const deadline = Date.now() + RESOLVE_TIMEOUT_MS;
    while (open.current) {
      const out = await queryClient
        .fetchQuery({ ...trpc.diagnostics.run.queryOptions({ clusterId, target }), staleTime: 0 })
        .catch(() => null);
      if (out && !out.findings.some((f) => f.fingerprint === finding.fingerprint)) {
        setResolution("resolved");
        return;
      }
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, RESOLVE_EVERY_MS));
    }
    if (open.current) setResolution("still-reported");
  };
  const apply = useMutation(
    trpc.manifests.apply.mutationOptions({
      onSuccess: (result) => {
        if (result.status === "applied") void checkResolved();
      },
    }),
  );
  const asked = useRef(false);

  // Planned once, when the dialog opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the finding is fixed for the dialog's life
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    plan.mutate({ clusterId, target, fingerprint: finding.fingerprint });
  }, []);

  if (plan.isPending || plan.isIdle)
    return (
      <p className="cc-muted" role="status">
        Planning the fix (the live object with the patch, dry-run on the cluster as you)…
      </p>
    );
  if (plan.error) return <ErrorNotice>{userMessage(plan.error)}</ErrorNotice>;
  const p = plan.data;
  if (!p) return null;
  const problems = p.steps.flatMap((s) => s.findings).filter((f) => f.level !== "info");

  return (
    <section className="cc-fix" aria-label="Fix plan" data-testid="diagnostics-fix-plan">
      <p className="cc-diag-fix-description">{finding.fix?.description}</p>
      <p>
        <span data-testid="confirm-counts">{changeCounts(p.counts)}</span>
        {apply.data ? "" : ` · this plan ${expiryText(p.expiresAt, Date.now())}`}
      </p>
      {problems.length > 0 && (
        <ul className={p.ok ? "cc-warning cc-apply-warnings" : "cc-error"} aria-label="Plan findings">
          {problems.map((f) => (
            <li key={`${f.step}:${f.message}`}>{f.message}</li>
          ))}
        </ul>
      )}
      {p.objects.map((o) =>
        o.diff ? (
          <DiffView key={objectName(o)} diff={o.diff} label={`Diff of ${objectName(o)}`} syntax="yaml" />
        ) : null,
      )}
      {apply.error ? <ErrorNotice>{userMessage(apply.error)}</ErrorNotice> : null}
      {apply.data ? (
        <>
          <ApplyResultView result={apply.data} />
          <p
            className="cc-muted"
            role="status"
            data-testid="fix-resolution"
            data-resolution={resolution ?? ""}
          >
            {resolution === "checking" && "Diagnosing again until the rollout clears the finding…"}
            {resolution === "resolved" && "Resolved: the diagnosis no longer reports this finding."}
            {resolution === "still-reported" &&
              "Still reported after a minute: the rollout may still be under way; diagnose again later."}
          </p>
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
            disabled={apply.isPending || !p.ok || !p.planId || !p.confirmToken}
            onClick={() =>
              p.planId &&
              p.confirmToken &&
              apply.mutate({ clusterId, planId: p.planId, confirmToken: p.confirmToken })
            }
          >
            {apply.isPending ? "Applying…" : "Apply fix"}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      )}
    </section>
  );
}
