"use client";
import { Badge, Button } from "@clustercord/ui";
import {
  type ColumnDef,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { detailHref } from "~/app/clusters/[clusterId]/resources/kinds";
import { shortDate } from "~/components/helm/format";
import { VirtualTable } from "~/components/virtual-table";
import { kindKey, severityRank, severityTone, violationKey, workloadOf } from "./format";
import type { ViolationOut } from "./types";

function columns(clusterId: string, onFix: ((v: ViolationOut) => void) | null): ColumnDef<ViolationOut>[] {
  return [
    {
      accessorKey: "severity",
      header: "Severity",
      sortingFn: (a, b) => severityRank(a.original.severity) - severityRank(b.original.severity),
      cell: (c) => <Badge tone={severityTone(c.row.original.severity)}>{c.row.original.severity}</Badge>,
    },
    {
      accessorKey: "policy",
      header: "Policy",
      cell: (c) => <span className="cc-mono">{c.row.original.policy}</span>,
    },
    { accessorKey: "namespace", header: "Namespace" },
    {
      id: "workload",
      header: "Workload",
      accessorFn: (v) => workloadOf(v),
      cell: (c) => {
        const v = c.row.original;
        return (
          <Link href={detailHref(clusterId, kindKey(v.kind), v.name, v.namespace || undefined)}>
            {workloadOf(v)}
          </Link>
        );
      },
    },
    { id: "container", header: "Container", accessorFn: (v) => v.container ?? "—", meta: { narrow: "hide" } },
    {
      accessorKey: "message",
      header: "Message",
      enableSorting: false,
      meta: { narrow: "hide" },
      cell: (c) => (
        <span className="cc-violation-message" title={c.row.original.message}>
          {c.row.original.message}
        </span>
      ),
    },
    {
      accessorKey: "firstSeen",
      header: "First seen",
      meta: { narrow: "hide" },
      cell: (c) => <time dateTime={c.row.original.firstSeen}>{shortDate(c.row.original.firstSeen)}</time>,
    },
    {
      accessorKey: "lastSeen",
      header: "Last seen",
      meta: { narrow: "hide" },
      cell: (c) => <time dateTime={c.row.original.lastSeen}>{shortDate(c.row.original.lastSeen)}</time>,
    },
    {
      id: "fix",
      header: "Fix",
      enableSorting: false,
      cell: (c) => {
        const v = c.row.original;
        if (!v.fixAvailable) return <span className="cc-muted">manual</span>;
        if (!onFix) return <span className="cc-muted">operators</span>;
        return (
          <Button
            variant="secondary"
            className="cc-violation-fix"
            aria-label={`Fix ${v.policy} on ${workloadOf(v)}`}
            onClick={() => onFix(v)}
          >
            Fix…
          </Button>
        );
      },
    },
  ];
}

/**
 * The open violations, most severe first (sortable by any column),
 * virtualized as the pods table is. `onFix` is null for those who may not fix.
 */
export function ViolationsTable({
  clusterId,
  violations,
  onFix,
}: {
  clusterId: string;
  violations: ViolationOut[];
  onFix: ((v: ViolationOut) => void) | null;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data: violations,
    columns: columns(clusterId, onFix),
    state: { sorting },
    onSortingChange: setSorting,
    getRowId: violationKey,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <VirtualTable
      table={table}
      className="cc-violations-table"
      scrollClassName="cc-violations-scroll"
      scrollTestId="violations-scroll"
      rowProps={(row) => ({
        "data-policy": row.original.policy,
        "data-namespace": row.original.namespace,
        "data-workload": workloadOf(row.original),
      })}
      empty="No open violations match."
    />
  );
}
