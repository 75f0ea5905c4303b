"use client";
import type { SnapshotObjectRef } from "@clustercord/contracts";
import { Dialog, ErrorNotice, yamlTokens } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { userMessage, useTRPC } from "~/lib/trpc";
import { objectLabel } from "./format";
import { changedRows, type SideCell, type SideKind, type SideRow, sideBySide } from "./side-by-side";

/**
 * One object's two sides (snapshots.diffObject) next to each other, YAML in
 * colour, the lines that differ marked on both sides (with -/+ as well as
 * colour). A Secret's sides hold its keys only: the API never sends values.
 */
export function ObjectDiffDialog({
  from,
  to,
  object,
  fromLabel,
  toLabel,
  onClose,
}: {
  from: string;
  to: string;
  object: SnapshotObjectRef;
  fromLabel: string;
  toLabel: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const sides = useQuery({ ...trpc.snapshots.diffObject.queryOptions({ from, to, object }), gcTime: 0 });
  const rows = sides.data ? sideBySide(sides.data.fromYaml, sides.data.toYaml) : [];
  const differ = changedRows(rows);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={objectLabel(object)}
      description={`${fromLabel} → ${toLabel}`}
      wide
    >
      <div className="cc-snap-viewer" data-object={objectLabel(object)}>
        {sides.error && <ErrorNotice>{userMessage(sides.error)}</ErrorNotice>}
        {!sides.data && !sides.error && <p className="cc-muted">Loading…</p>}
        {sides.data && (
          <>
            <p className="cc-muted" data-testid="viewer-summary">
              {sides.data.fromYaml === null
                ? `Not in ${fromLabel}.`
                : sides.data.toYaml === null
                  ? `Not in ${toLabel}.`
                  : `${differ} ${differ === 1 ? "line differs" : "lines differ"}.`}
              {object.kind === "Secret" ? " Secret values are never shown." : ""}
            </p>
            <SideBySide rows={rows} fromLabel={fromLabel} toLabel={toLabel} />
          </>
        )}
      </div>
    </Dialog>
  );
}

const marker: Record<SideKind, { left: string; right: string }> = {
  same: { left: " ", right: " " },
  changed: { left: "-", right: "+" },
  removed: { left: "-", right: " " },
  added: { left: " ", right: "+" },
};

/** The two columns as one table, so a row's sides stay level; the box scrolls on its own. */
function SideBySide({ rows, fromLabel, toLabel }: { rows: SideRow[]; fromLabel: string; toLabel: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="cc-diff cc-snap-sbs" tabIndex={0} aria-label="Side-by-side diff">
      <table>
        <thead>
          <tr>
            <th colSpan={2} scope="colgroup" data-side="from">
              {fromLabel}
            </th>
            <th colSpan={2} scope="colgroup" data-side="to">
              {toLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <tr key={i} data-kind={row.kind}>
              <Side cell={row.left} mark={marker[row.kind].left} side="from" kind={row.kind} />
              <Side cell={row.right} mark={marker[row.kind].right} side="to" kind={row.kind} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Side({
  cell,
  mark,
  side,
  kind,
}: {
  cell: SideCell | null;
  mark: string;
  side: "from" | "to";
  kind: SideKind;
}) {
  if (!cell) {
    return (
      <>
        <td className="cc-snap-no" />
        <td className="cc-snap-gap" data-side={side} />
      </>
    );
  }
  const tone = kind === "same" ? "context" : side === "from" ? "removed" : "added";
  return (
    <>
      <td className="cc-snap-no">{cell.line}</td>
      <td className={`cc-snap-code cc-diff-${tone}`} data-side={side} data-diff={tone}>
        {mark}
        {yamlTokens(cell.text).map((t, i) =>
          t.kind === "text" ? (
            t.text
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: tokens have no identity but their place
            <span key={i} className={`cc-syn-${t.kind}`}>
              {t.text}
            </span>
          ),
        )}
      </td>
    </>
  );
}
