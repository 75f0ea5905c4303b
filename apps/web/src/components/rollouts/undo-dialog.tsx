"use client";
import type { RolloutsActionOutput, RolloutsUndoPlan } from "@clustercord/contracts";
import { Button, Dialog, DiffView, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { defaultUndoRevision, revisionOption, shortTime, undoTargets } from "./format";
import type { RolloutPanelTarget } from "./rollout-panel";
import { TableScroll } from "./table-scroll";

/**
 * Undo…: pick a revision from rollouts.history, see rollouts.planUndo's
 * current → target revision, the template changes and the pod template's
 * diff, then confirm (rollouts.undo with the plan's token). Nothing changes
 * before Confirm.
 */
export function UndoDialog({
  target,
  onClose,
  onDone,
}: {
  target: RolloutPanelTarget;
  onClose: () => void;
  onDone: (out: RolloutsActionOutput) => void;
}) {
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={`Undo the rollout of ${target.name}`}
      wide
    >
      <UndoFlow target={target} onClose={onClose} onDone={onDone} />
    </Dialog>
  );
}

function UndoFlow({
  target,
  onClose,
  onDone,
}: {
  target: RolloutPanelTarget;
  onClose: () => void;
  onDone: (out: RolloutsActionOutput) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selectId = useId();
  const history = useQuery(trpc.rollouts.history.queryOptions(target));
  const [picked, setPicked] = useState<number | null>(null);
  const revisions = history.data ? undoTargets(history.data.revisions) : [];
  const revision = picked ?? (history.data ? defaultUndoRevision(history.data.revisions) : null);

  // A plan is asked once per Preview (never refetched under the reader's eyes: a new one has a new token).
  const plan = useMutation({
    mutationFn: (rev: number) =>
      queryClient.fetchQuery({
        ...trpc.rollouts.planUndo.queryOptions({ ...target, revision: rev }),
        staleTime: 0,
        gcTime: 0,
      }),
  });
  const undo = useMutation(trpc.rollouts.undo.mutationOptions({ onSuccess: onDone }));

  if (plan.data && revision !== null)
    return (
      <UndoPlanView
        plan={plan.data}
        pending={undo.isPending}
        error={undo.error}
        onConfirm={() => undo.mutate({ ...target, revision, confirmToken: plan.data.confirmToken })}
        onBack={() => {
          plan.reset();
          undo.reset();
        }}
        onCancel={onClose}
      />
    );

  if (history.error) return <ErrorNotice>{userMessage(history.error)}</ErrorNotice>;
  if (!history.data) return <EmptyState>Loading the history…</EmptyState>;
  if (!revisions.length) return <EmptyState>There is no earlier revision to go back to.</EmptyState>;
  return (
    <form
      className="cc-rollout-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (revision !== null) plan.mutate(revision);
      }}
    >
      <label htmlFor={selectId}>Revision to go back to</label>
      <select
        id={selectId}
        value={revision ?? ""}
        onChange={(e) => setPicked(Number(e.target.value))}
        data-testid="undo-revision"
      >
        {revisions.map((r) => (
          <option key={r.source} value={r.revision}>
            {revisionOption(r)}
            {r.changeCause ? ` · ${r.changeCause}` : ""}
          </option>
        ))}
      </select>
      <p className="cc-muted">The plan shows what comes back before anything changes.</p>
      {plan.error ? <ErrorNotice>{userMessage(plan.error)}</ErrorNotice> : null}
      <div className="cc-rollout-buttons">
        <Button type="submit" disabled={plan.isPending || revision === null}>
          {plan.isPending ? "Planning…" : "Preview"}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function UndoPlanView({
  plan,
  pending,
  error,
  onConfirm,
  onBack,
  onCancel,
}: {
  plan: RolloutsUndoPlan;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onBack: () => void;
  onCancel: () => void;
}) {
  return (
    <section className="cc-rollout-plan" aria-label="Undo plan" data-testid="undo-plan">
      <p className="cc-rollout-revisions" data-testid="undo-revisions">
        Revision <strong>{plan.currentRevision}</strong> → <strong>{plan.targetRevision}</strong>
      </p>
      <p>
        <strong>{plan.summary}</strong>
      </p>
      {plan.changes.length > 0 && (
        <ul className="cc-rollout-changes">
          {plan.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <h3>What changes in the pod template</h3>
      {plan.templateChanges.length ? (
        <TableScroll label="Template changes">
          <table className="cc-table" aria-label="Template changes" data-testid="undo-template-changes">
            <thead>
              <tr>
                <th>What</th>
                <th>Container</th>
                <th>Now</th>
                <th>After the undo</th>
              </tr>
            </thead>
            <tbody>
              {plan.templateChanges.map((c) => (
                <tr key={`${c.area}|${c.container ?? ""}|${c.from}|${c.to}`} data-area={c.area}>
                  <td>{c.area}</td>
                  <td>{c.container ?? "—"}</td>
                  <td className="cc-mono cc-rollout-wrap">{c.from || "—"}</td>
                  <td className="cc-mono cc-rollout-wrap">{c.to || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="cc-muted">The pod template is the same; only the revision number changes.</p>
      )}
      <DiffView diff={plan.diff} label="Pod template diff" syntax="yaml" empty="No template difference." />
      <p className="cc-muted">This plan expires at {shortTime(plan.expiresAt)} UTC.</p>
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      <div className="cc-rollout-buttons">
        <Button variant="primary" disabled={pending} onClick={onConfirm}>
          {pending ? "Undoing…" : `Undo to revision ${plan.targetRevision}`}
        </Button>
        <Button variant="secondary" disabled={pending} onClick={onBack}>
          Back
        </Button>
        <Button variant="secondary" disabled={pending} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
