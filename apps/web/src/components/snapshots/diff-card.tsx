"use client";
import type { ChangedObject, SnapshotObjectRef, SnapshotSummary } from "@clustercord/contracts";
import { Badge, Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import {
  cutLists,
  diffSummary,
  fieldChangeText,
  objectKey,
  objectLabel,
  secretKeysText,
  snapshotOption,
} from "./format";
import { ObjectDiffDialog } from "./object-diff-dialog";

export interface Comparison {
  from: string;
  /** A snapshot's id, or "live": the cluster now, as the person sees it. */
  to: string;
  /** When it was asked: Compare again asks again (the live side may have changed since). */
  round: number;
}

/**
 * Compare two snapshots, or one with the live cluster (snapshots.diff):
 * what was added, removed and changed, with the fields that changed (a
 * Secret's keys only). Any object opens the side-by-side viewer.
 */
export function DiffCard({
  snapshots,
  comparison,
  onCompare,
}: {
  /** The ready snapshots, newest first. */
  snapshots: SnapshotSummary[];
  comparison: Comparison | null;
  onCompare: (comparison: Comparison) => void;
}) {
  const id = useId();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("live");
  // "Compare with live" from a snapshot's dialog: the pickers show what is compared.
  useEffect(() => {
    if (!comparison) return;
    setFrom(comparison.from);
    setTo(comparison.to);
  }, [comparison]);
  const fromId = from || comparison?.from || snapshots[0]?.id || "";
  const label = (ref: string) => {
    if (ref === "live") return "Live";
    const s = snapshots.find((x) => x.id === ref);
    return s ? `Snapshot ${snapshotOption(s)}` : "Snapshot";
  };
  if (snapshots.length === 0) {
    return (
      <Card title="Compare">
        <EmptyState>Compare needs a ready snapshot.</EmptyState>
      </Card>
    );
  }
  return (
    <Card title="Compare">
      <form
        className="cc-form cc-snap-form cc-snap-compare"
        aria-label="Compare snapshots"
        onSubmit={(e) => {
          e.preventDefault();
          onCompare({ from: fromId, to: to === fromId ? "live" : to, round: Date.now() });
        }}
      >
        <div className="cc-snap-row">
          <label htmlFor={`${id}-from`}>
            From
            <select id={`${id}-from`} value={fromId} onChange={(e) => setFrom(e.target.value)}>
              {snapshots.map((s) => (
                <option key={s.id} value={s.id}>
                  {snapshotOption(s)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={`${id}-to`}>
            To
            <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="live">Live cluster (now)</option>
              {snapshots
                .filter((s) => s.id !== fromId)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {snapshotOption(s)}
                  </option>
                ))}
            </select>
          </label>
        </div>
        <div>
          <Button type="submit">Compare</Button>
        </div>
      </form>
      {comparison && (
        <DiffResult
          key={`${comparison.from}→${comparison.to}@${comparison.round}`}
          comparison={comparison}
          fromLabel={label(comparison.from)}
          toLabel={label(comparison.to)}
        />
      )}
    </Card>
  );
}

function DiffResult({
  comparison,
  fromLabel,
  toLabel,
}: {
  comparison: Comparison;
  fromLabel: string;
  toLabel: string;
}) {
  const trpc = useTRPC();
  // Nothing kept after it is closed: a new round starts from "Comparing…", never from an old answer.
  const diff = useQuery({
    ...trpc.snapshots.diff.queryOptions({ from: comparison.from, to: comparison.to }),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const [open, setOpen] = useState<SnapshotObjectRef | null>(null);
  const d = diff.data;
  const cut = d ? cutLists(d) : [];
  return (
    <section className="cc-snap-diff" aria-label="Differences" aria-busy={diff.isFetching}>
      <h3 className="cc-snap-subtitle">
        {fromLabel} → {toLabel}
      </h3>
      {diff.error && <ErrorNotice>{userMessage(diff.error)}</ErrorNotice>}
      {diff.isPending && <p className="cc-muted">Comparing…</p>}
      {d && (
        <>
          <p data-testid="diff-summary">{diffSummary(d)}</p>
          {cut.length > 0 && <p className="cc-muted">Lists cut: {cut.join("; ")}.</p>}
          <ObjectGroup title="Changed" count={d.counts.changed}>
            {d.changed.map((o) => (
              <ChangedItem key={objectKey(o)} object={o} onOpen={() => setOpen(o)} />
            ))}
          </ObjectGroup>
          <ObjectGroup title="Added" count={d.counts.added}>
            {d.added.map((o) => (
              <ObjectItem key={objectKey(o)} object={o} change="added" onOpen={() => setOpen(o)} />
            ))}
          </ObjectGroup>
          <ObjectGroup title="Removed" count={d.counts.removed}>
            {d.removed.map((o) => (
              <ObjectItem key={objectKey(o)} object={o} change="removed" onOpen={() => setOpen(o)} />
            ))}
          </ObjectGroup>
        </>
      )}
      {open && (
        <ObjectDiffDialog
          from={comparison.from}
          to={comparison.to}
          object={open}
          fromLabel={fromLabel}
          toLabel={toLabel}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

function ObjectGroup({
  title,
  count,
  children,
}: {
  title: string;
  count: number;
  children: React.ReactNode;
}) {
  if (count === 0) return null;
  return (
    <section aria-label={`${title} objects`} className="cc-snap-group">
      <h4 className="cc-snap-group-title">
        {title} ({count.toLocaleString("en-US")})
      </h4>
      <ul className="cc-snap-objects">{children}</ul>
    </section>
  );
}

const changeTone = { added: "good", removed: "bad" } as const;

function ObjectItem({
  object,
  change,
  onOpen,
}: {
  object: SnapshotObjectRef;
  change: "added" | "removed";
  onOpen: () => void;
}) {
  const label = objectLabel(object);
  return (
    <li className="cc-snap-object" data-object={label} data-change={change}>
      <Badge tone={changeTone[change]}>{change}</Badge>
      <button type="button" className="cc-snap-open cc-mono" aria-label={`View ${label}`} onClick={onOpen}>
        {label}
      </button>
    </li>
  );
}

function ChangedItem({ object, onOpen }: { object: ChangedObject; onOpen: () => void }) {
  const label = objectLabel(object);
  return (
    <li className="cc-snap-object" data-object={label} data-change="changed">
      <Badge tone="accent">changed</Badge>
      <button type="button" className="cc-snap-open cc-mono" aria-label={`View ${label}`} onClick={onOpen}>
        {label}
      </button>
      {object.secretKeys ? (
        <p className="cc-snap-fields">{secretKeysText(object.secretKeys)}</p>
      ) : (
        <ul className="cc-snap-fields" aria-label={`Field changes of ${label}`}>
          {object.fields.map((f) => (
            <li key={f.path} className="cc-mono">
              {fieldChangeText(f)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
