"use client";
import type { PodSummary } from "@clustercord/contracts";
import { EmptyState } from "@clustercord/ui";
import {
  type ColumnDef,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "~/components/status-badge";
import { age, VirtualTable } from "~/components/virtual-table";

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
      cell: (c) => <StatusBadge tone={c.row.original.tone}>{c.getValue<string>()}</StatusBadge>,
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
  const shown = table.getRowModel().rows.length;

  if (pods.length === 0) {
    return (
      <EmptyState>
        No pods in this namespace. Deploy one with kubectl as yourself, or pick another namespace.
      </EmptyState>
    );
  }
  return (
    <>
      <p className="cc-muted" aria-live="polite">
        {shown === pods.length ? `${pods.length} pods` : `${shown} of ${pods.length} pods`}
      </p>
      <VirtualTable
        table={table}
        className="cc-pods-table"
        scrollClassName="cc-pods-scroll"
        scrollTestId="pods-scroll"
        rowProps={(row) => ({ "data-pod": row.original.name })}
      />
    </>
  );
}
