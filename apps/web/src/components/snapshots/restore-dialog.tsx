"use client";
import type { SnapshotsPlanRestoreOutput, SnapshotsRestoreSelection } from "@clustercord/contracts";
import { Badge, Button, Dialog, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { expiryText } from "~/components/manifests/format";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  emptyRestoreForm,
  fieldChangeText,
  objectLabel,
  type RestoreForm,
  restoreCountsText,
  restoreSelectionFromForm,
  restoreTone,
  timeText,
  toggled,
} from "./format";

/**
 * Restore in three steps: choose namespaces and kinds (and whether objects
 * made since are deleted), see the server-side dry-run as the person
 * (snapshots.planRestore: every object in the order it would be applied, with
 * create/update/unchanged/delete/conflict and why), then Confirm
 * (snapshots.restore with the plan's token) and see what happened.
 */
export function RestoreDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const got = useQuery(trpc.snapshots.get.queryOptions({ id }));
  const namespaces = got.data?.namespaceCounts.map((n) => n.namespace) ?? [];
  const kinds = [...new Set(got.data?.kinds.map((k) => k.kind) ?? [])];
  const [form, setForm] = useState<RestoreForm | null>(null);
  const current = form ?? emptyRestoreForm(namespaces, kinds);
  const [problem, setProblem] = useState<string | null>(null);
  const [planned, setPlanned] = useState<{
    selection: SnapshotsRestoreSelection;
    plan: SnapshotsPlanRestoreOutput;
  } | null>(null);
  const preview = useMutation({
    mutationFn: (selection: SnapshotsRestoreSelection) =>
      queryClient.fetchQuery({ ...trpc.snapshots.planRestore.queryOptions(selection), staleTime: 0 }),
    onSuccess: (plan, selection) => setPlanned({ selection, plan }),
  });
  const restore = useMutation(trpc.snapshots.restore.mutationOptions());
  const s = got.data?.snapshot;
  const askPreview = () => {
    const checked = restoreSelectionFromForm(id, current, { namespaces, kinds });
    if (!checked.input) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    preview.mutate(checked.input);
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Restore snapshot"
      description={
        s ? `Taken ${timeText(s.createdAt)}${s.description ? `: ${s.description}` : ""}` : undefined
      }
      wide
    >
      <div className="cc-snap-restore">
        {got.error && <ErrorNotice>{userMessage(got.error)}</ErrorNotice>}
        {!got.data && !got.error && <p className="cc-muted">Loading…</p>}
        {got.data && !planned && !restore.data && (
          <form
            className="cc-form cc-snap-form"
            aria-label="What to restore"
            onSubmit={(e) => {
              e.preventDefault();
              askPreview();
            }}
          >
            <Checks
              legend="Namespaces"
              values={namespaces.filter((n) => n !== "")}
              picked={current.namespaces}
              onChange={(picked) => setForm({ ...current, namespaces: picked })}
            />
            {namespaces.includes("") && (
              <p className="cc-muted">Cluster-wide objects are restored when every namespace is chosen.</p>
            )}
            <Checks
              legend="Kinds"
              values={kinds}
              picked={current.kinds}
              onChange={(picked) => setForm({ ...current, kinds: picked })}
            />
            <label className="cc-check">
              <input
                type="checkbox"
                checked={current.deleteNewer}
                onChange={(e) => setForm({ ...current, deleteNewer: e.target.checked })}
              />
              Also delete objects of these kinds and namespaces made since the snapshot
            </label>
            {problem && <ErrorNotice>{problem}</ErrorNotice>}
            {preview.error && <ErrorNotice>{userMessage(preview.error)}</ErrorNotice>}
            <div>
              <Button type="submit" disabled={preview.isPending}>
                {preview.isPending ? "Planning…" : "Preview restore"}
              </Button>
            </div>
          </form>
        )}
        {planned && !restore.data && (
          <PlanPreview
            plan={planned.plan}
            pending={restore.isPending}
            error={restore.error}
            onConfirm={() =>
              restore.mutate({ ...planned.selection, confirmToken: planned.plan.confirmToken })
            }
            onBack={() => {
              restore.reset();
              setPlanned(null);
            }}
          />
        )}
        {restore.data && (
          <section aria-label="Restore result" className="cc-snap-result">
            <p className="cc-success" role="status">
              {restore.data.message}
            </p>
            <p data-testid="restore-counts">
              {restore.data.created} created, {restore.data.updated} updated, {restore.data.deleted} deleted,{" "}
              {restore.data.unchanged} unchanged
              {restore.data.failed.length > 0 ? `, ${restore.data.failed.length} failed` : ""}.
            </p>
            {restore.data.failed.length > 0 && (
              <ul className="cc-snap-objects" aria-label="Failed objects">
                {restore.data.failed.map((f) => (
                  <li key={objectLabel(f)} className="cc-snap-object">
                    <Badge tone="bad">failed</Badge> <span className="cc-mono">{objectLabel(f)}</span>
                    <p className="cc-snap-fields">{f.reason}</p>
                  </li>
                ))}
              </ul>
            )}
            <div>
              <Button variant="secondary" onClick={onClose}>
                Close
              </Button>
            </div>
          </section>
        )}
      </div>
    </Dialog>
  );
}

function Checks({
  legend,
  values,
  picked,
  onChange,
}: {
  legend: string;
  values: readonly string[];
  picked: readonly string[];
  onChange: (picked: string[]) => void;
}) {
  if (values.length === 0) return null;
  return (
    <fieldset className="cc-snap-fieldset">
      <legend>{legend}</legend>
      <div className="cc-snap-checks">
        {values.map((v) => (
          <label key={v} className="cc-check">
            <input
              type="checkbox"
              checked={picked.includes(v)}
              onChange={(e) => onChange(toggled(picked, v, e.target.checked))}
            />
            <span className="cc-mono">{v}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The dry-run: counts, each step in order with its action and reason, then Confirm or Back. */
function PlanPreview({
  plan,
  pending,
  error,
  onConfirm,
  onBack,
}: {
  plan: SnapshotsPlanRestoreOutput;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const expiry = expiryText(plan.expiresAt, Date.now());
  const changing = (plan.counts.create ?? 0) + (plan.counts.update ?? 0) + (plan.counts.delete ?? 0);
  return (
    <section aria-label="Restore preview" className="cc-snap-preview">
      <p>
        <strong>{plan.summary}</strong>
      </p>
      <p data-testid="restore-plan-counts">{restoreCountsText(plan.counts)}</p>
      {(plan.counts.conflict ?? 0) > 0 && (
        <p className="cc-warning">
          Conflicting objects are left as they are; the reasons are the API server's.
        </p>
      )}
      <ol className="cc-snap-steps" aria-label="Restore steps in order">
        {plan.steps.map((step, i) => {
          const label = objectLabel(step);
          return (
            <li
              key={`${step.apiVersion}|${label}`}
              className="cc-snap-object"
              data-object={label}
              data-action={step.action}
            >
              <span className="cc-snap-order" aria-hidden>
                {i + 1}.
              </span>
              <Badge tone={restoreTone[step.action]}>{step.action}</Badge>{" "}
              <span className="cc-mono">{label}</span>
              {step.reason && <p className="cc-snap-fields">{step.reason}</p>}
              {step.fields && step.fields.length > 0 && (
                <ul className="cc-snap-fields" aria-label={`Field changes of ${label}`}>
                  {step.fields.map((f) => (
                    <li key={f.path} className="cc-mono">
                      {fieldChangeText(f)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      {expiry && <p className="cc-muted">This plan {expiry}.</p>}
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
      <div className="cc-inline">
        <Button variant="danger" disabled={pending || changing === 0} onClick={onConfirm}>
          {pending ? "Restoring…" : "Confirm restore"}
        </Button>
        <Button variant="secondary" onClick={onBack}>
          Back
        </Button>
      </div>
    </section>
  );
}
