"use client";
import type { HelmRelease } from "@clustercord/contracts";
import {
  type ColumnDef,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useMemo, useState } from "react";
import { VirtualTable } from "~/components/virtual-table";
import { releaseHref, shortDate } from "./format";
import { ReleaseStatusBadge } from "./release-status-badge";

function columns(clusterId: string): ColumnDef<HelmRelease>[] {
  return [
    {
      id: "name",
      accessorKey: "name",
      header: "Name",
      cell: (c) => (
        <Link
          className="cc-resource-name"
          href={releaseHref(clusterId, c.row.original.namespace, c.row.original.name)}
        >
          {c.row.original.name}
        </Link>
      ),
    },
    { id: "namespace", accessorKey: "namespace", header: "Namespace", meta: { narrow: "hide" } },
    {
      id: "chart",
      accessorFn: (r) => `${r.chart}-${r.chartVersion}`,
      header: "Chart",
    },
    {
      id: "appVersion",
      accessorFn: (r) => r.appVersion ?? "",
      header: "App version",
      meta: { narrow: "hide" },
    },
    {
      id: "status",
      accessorKey: "status",
      header: "Status",
      cell: (c) => <ReleaseStatusBadge status={c.row.original.status} />,
    },
    { id: "revision", accessorKey: "revision", header: "Revision", meta: { narrow: "hide" } },
    {
      id: "updated",
      accessorKey: "updated",
      header: "Updated",
      meta: { narrow: "hide" },
      cell: (c) => <time dateTime={c.row.original.updated}>{shortDate(c.row.original.updated)}</time>,
    },
  ];
}

/** The cluster's releases the person may see, sortable by any column. */
export function ReleasesTable({ clusterId, releases }: { clusterId: string; releases: HelmRelease[] }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const cols = useMemo(() => columns(clusterId), [clusterId]);
  const table = useReactTable({
    data: releases,
    columns: cols,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
    getRowId: (r) => `${r.namespace}/${r.name}`,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <VirtualTable
      table={table}
      scrollTestId="releases-scroll"
      rowProps={(row) => ({
        "data-release": row.original.name,
        "data-namespace": row.original.namespace,
        "data-status": row.original.status,
        "data-revision": String(row.original.revision),
      })}
      empty={<span>No releases match.</span>}
    />
  );
}
