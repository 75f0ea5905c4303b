"use client";
import { flexRender, type Row, type Table } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type HTMLAttributes, type ReactNode, useEffect, useRef, useState } from "react";
import "./virtual-table.css";

/** Column meta understood by VirtualTable: `narrow: "hide"` drops the column on phones. */
export interface VirtualColumnMeta {
  narrow?: "hide";
}

const narrowClass = (meta: unknown) =>
  (meta as VirtualColumnMeta | undefined)?.narrow === "hide" ? "cc-narrow-hide" : undefined;

export const VIRTUAL_ROW_HEIGHT = 41;

/**
 * A TanStack table in a scrolling box, virtualized: only the rows in view
 * (plus `overscan`) are in the DOM, so 10,000 rows stay under ~100 `<tr>`s.
 * Sorting is the table's (client-side or `manualSorting`); headers are
 * buttons with `aria-sort`, a column with `enableSorting: false` gets none.
 */
export function VirtualTable<T>({
  table,
  className,
  scrollClassName,
  scrollTestId,
  rowProps,
  rowHeight = VIRTUAL_ROW_HEIGHT,
  overscan = 12,
  onNearEnd,
  empty,
}: {
  table: Table<T>;
  /** Extra class on the `<table>`. */
  className?: string;
  /** Extra class on the scrolling box. */
  scrollClassName?: string;
  scrollTestId?: string;
  /** Extra attributes per `<tr>` (e.g. `data-pod`). */
  rowProps?: (row: Row<T>) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
  rowHeight?: number;
  overscan?: number;
  /** Called when the last rows come into view (to load more). */
  onNearEnd?: () => void;
  /** Shown in the body when there are no rows. */
  empty?: ReactNode;
}) {
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const colSpan = table.getVisibleLeafColumns().length;

  useEffect(() => {
    if (onNearEnd && rows.length > 0 && lastIndex >= rows.length - 1) onNearEnd();
  }, [onNearEnd, lastIndex, rows.length]);

  return (
    <div
      ref={scrollRef}
      className={`cc-vtable-scroll${scrollClassName ? ` ${scrollClassName}` : ""}`}
      data-testid={scrollTestId}
    >
      <table
        className={`cc-table cc-vtable${className ? ` ${className}` : ""}`}
        aria-rowcount={rows.length + 1}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const content = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    className={narrowClass(header.column.columnDef.meta)}
                    aria-sort={
                      !header.column.getCanSort()
                        ? undefined
                        : sorted === "asc"
                          ? "ascending"
                          : sorted === "desc"
                            ? "descending"
                            : "none"
                    }
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        className="cc-sort"
                        onClick={header.column.getToggleSortingHandler()}
                      >
                        {content}
                        <span aria-hidden="true">
                          {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                        </span>
                      </button>
                    ) : (
                      content
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 && empty && (
            <tr>
              <td colSpan={colSpan} className="cc-vtable-empty">
                {empty}
              </td>
            </tr>
          )}
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
                aria-rowindex={item.index + 2}
                style={{ height: rowHeight }}
                {...rowProps?.(row)}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={narrowClass(cell.column.columnDef.meta)}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
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
  );
}

/** "3d", "5h", "12m", "40s": kubectl's AGE, coarse. */
export function age(createdAt: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 1000));
  if (!Number.isFinite(s)) return "";
  if (s < 120) return `${s}s`;
  if (s < 2 * 3600) return `${Math.floor(s / 60)}m`;
  if (s < 2 * 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** The current time, moving on every 15 s and whenever `updatedAt` (a query's dataUpdatedAt) changes. */
export function useNow(updatedAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Math.max(Date.now(), updatedAt));
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [updatedAt]);
  return now;
}
