"use client";
import type { CostGroupBy } from "@clustercord/contracts";
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useState } from "react";
import { attributionLabel, type BreakdownRow, formatMoney, formatNumber } from "./format";

export const groupLabel: Record<CostGroupBy, string> = {
  namespace: "Namespace",
  workload: "Workload",
  person: "Person",
};

function columns(by: CostGroupBy, currency: string): ColumnDef<BreakdownRow>[] {
  const money = (key: "cpu" | "memory" | "storage" | "total", header: string): ColumnDef<BreakdownRow> => ({
    accessorKey: key,
    header,
    sortDescFirst: true,
    cell: (c) => (
      <span data-column={key} data-value={String(c.row.original[key])}>
        {formatMoney(c.row.original[key], currency)}
      </span>
    ),
  });
  return [
    { accessorKey: "label", header: groupLabel[by] },
    money("cpu", "CPU"),
    money("memory", "Memory"),
    money("storage", "Storage"),
    money("total", "Total"),
    {
      id: "usage",
      header: "Usage",
      enableSorting: false,
      cell: (c) => {
        const r = c.row.original;
        return (
          <span className="cc-muted">
            {formatNumber(r.cpuCoreHours, 2)} core·h, {formatNumber(r.memoryGbHours, 2)} GiB·h
            {r.storageGbHours ? `, ${formatNumber(r.storageGbHours, 2)} GiB·h PVC` : ""}
          </span>
        );
      },
    },
    {
      accessorKey: "sharePct",
      header: "Share",
      sortDescFirst: true,
      cell: (c) => (c.row.original.sharePct === null ? "—" : `${formatNumber(c.row.original.sharePct, 1)}%`),
    },
    ...(by === "person"
      ? [
          {
            id: "attribution",
            header: "Attributed by",
            enableSorting: false,
            cell: (c) => attributionLabel(c.row.original.attribution),
          } satisfies ColumnDef<BreakdownRow>,
        ]
      : []),
  ];
}

/** The breakdown beside its chart: the same rows and numbers, sortable. */
export function BreakdownTable({
  rows,
  by,
  currency,
}: {
  rows: BreakdownRow[];
  by: CostGroupBy;
  currency: string;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data: rows,
    columns: columns(by, currency),
    state: { sorting },
    onSortingChange: setSorting,
    getRowId: (r) => r.key,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <div className="cc-table-wrap">
      <table className="cc-table cc-cost-table" aria-label={`Cost by ${groupLabel[by].toLowerCase()}`}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        className="cc-sort-button"
                        onClick={header.column.getToggleSortingHandler()}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-key={row.original.key}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
