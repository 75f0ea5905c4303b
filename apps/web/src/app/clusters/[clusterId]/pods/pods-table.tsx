"use client";
import type { PodStatusTone, PodSummary } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useRef, useState } from "react";

const toneOf: Record<PodStatusTone, "good" | "accent" | "warn" | "bad" | "neutral"> = {
  ok: "good",
  pending: "accent",
  warning: "warn",
  error: "bad",
  done: "neutral",
};

/** "3d", "5h", "12m", "40s": kubectl's AGE, coarse. */
export function age(createdAt: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 1000));
  if (!Number.isFinite(s)) return "";
  if (s < 120) return `${s}s`;
  if (s < 2 * 3600) return `${Math.floor(s / 60)}m`;
  if (s < 2 * 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const readyRatio = (ready: string) => {
  const [n, m] = ready.split("/").map(Number);
  return m ? (n ?? 0) / m : 0;
};

function columns(now: number, podHref: (pod: PodSummary) => string): ColumnDef<PodSummary>[] {
  return [
    {
      accessorKey: "name",
      header: "Name",
      cell: (c) => (
        <Link className="cc-pod-name" href={podHref(c.row.original)}>
          {c.getValue<string>()}
        </Link>
      ),
    },
    {
      accessorKey: "status",
      header: "Status",
      cell: (c) => <Badge tone={toneOf[c.row.original.tone]}>{c.getValue<string>()}</Badge>,
    },
    {
      accessorKey: "ready",
      header: "Ready",
      sortingFn: (a, b) => readyRatio(a.original.ready) - readyRatio(b.original.ready),
    },
    { accessorKey: "restarts", header: "Restarts" },
    { accessorKey: "node", header: "Node", meta: { narrow: "hide" } },
    {
      accessorKey: "createdAt",
      header: "Age",
      // Oldest first reads as "Age ascending" would not; sort by age, youngest first.
      sortingFn: (a, b) => Date.parse(b.original.createdAt) - Date.parse(a.original.createdAt),
      cell: (c) => (
        <time dateTime={c.getValue<string>()} title={c.getValue<string>()}>
          {age(c.getValue<string>(), now)}
        </time>
      ),
    },
  ];
}

const ROW_HEIGHT = 41;

/**
 * The pods of one namespace: sortable, filtered by `search` (name, status or
 * node), virtualized so only the rows in view (plus a few) are in the DOM.
 */
export function PodsTable({
  pods,
  search,
  now,
  podHref,
}: {
  pods: PodSummary[];
  search: string;
  now: number;
  /** Where a pod's name links to (its logs and terminal). */
  podHref: (pod: PodSummary) => string;
}) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const table = useReactTable({
    data: pods,
    columns: columns(now, podHref),
    state: { sorting, globalFilter: search },
    onSortingChange: setSorting,
    getRowId: (p) => `${p.namespace}/${p.name}`,
    globalFilterFn: (row, _column, value: string) => {
      const q = value.trim().toLowerCase();
      const p = row.original;
      return !q || [p.name, p.status, p.node].some((v) => v.toLowerCase().includes(q));
    },
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const colSpan = table.getVisibleLeafColumns().length;

  return (
    <>
      <p className="cc-muted" aria-live="polite">
        {rows.length === pods.length ? `${pods.length} pods` : `${rows.length} of ${pods.length} pods`}
      </p>
      <div ref={scrollRef} className="cc-pods-scroll" data-testid="pods-scroll">
        <table className="cc-table cc-pods-table" aria-rowcount={rows.length + 1}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const narrow = (header.column.columnDef.meta as { narrow?: string } | undefined)?.narrow;
                  return (
                    <th
                      key={header.id}
                      className={narrow === "hide" ? "cc-narrow-hide" : undefined}
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                    >
                      <button
                        type="button"
                        className="cc-sort"
                        onClick={header.column.getToggleSortingHandler()}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">
                          {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 && (
              <tr className="cc-pad">
                <td colSpan={colSpan} style={{ height: padTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <tr
                  key={row.id}
                  data-pod={row.original.name}
                  aria-rowindex={item.index + 2}
                  style={{ height: ROW_HEIGHT }}
                >
                  {row.getVisibleCells().map((cell) => {
                    const narrow = (cell.column.columnDef.meta as { narrow?: string } | undefined)?.narrow;
                    return (
                      <td key={cell.id} className={narrow === "hide" ? "cc-narrow-hide" : undefined}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {padBottom > 0 && (
              <tr className="cc-pad">
                <td colSpan={colSpan} style={{ height: padBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
