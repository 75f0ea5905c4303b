"use client";
import type { ResourceKindInfo, ResourceRow } from "@clustercord/contracts";
import {
  type ColumnDef,
  getCoreRowModel,
  type OnChangeFn,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import { StatusBadge } from "~/components/status-badge";
import { age, VirtualTable } from "~/components/virtual-table";

/** Sorts the API does (over every matching object, before paging). */
export const SERVER_SORTS = new Set(["name", "namespace", "status", "age"]);

const numeric = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function columns(
  kind: ResourceKindInfo,
  now: number,
  href: (row: ResourceRow) => string,
  kindColumnsSortable: boolean,
): ColumnDef<ResourceRow>[] {
  const cols: ColumnDef<ResourceRow>[] = [
    {
      id: "name",
      accessorKey: "name",
      header: "Name",
      cell: (c) => (
        <Link className="cc-resource-name" href={href(c.row.original)}>
          {c.getValue<string>()}
        </Link>
      ),
    },
  ];
  if (kind.namespaced)
    cols.push({ id: "namespace", accessorKey: "namespace", header: "Namespace", meta: { narrow: "hide" } });
  cols.push(
    {
      id: "status",
      accessorKey: "status",
      header: "Status",
      cell: (c) => <StatusBadge tone={c.row.original.tone}>{c.getValue<string>()}</StatusBadge>,
    },
    {
      id: "age",
      accessorKey: "createdAt",
      header: "Age",
      cell: (c) => (
        <time dateTime={c.getValue<string>()} title={c.getValue<string>()}>
          {age(c.getValue<string>(), now)}
        </time>
      ),
    },
  );
  kind.columns.forEach((title, i) => {
    cols.push({
      id: `c${i}`,
      accessorFn: (row) => row.cells[i] ?? "",
      header: title,
      enableSorting: kindColumnsSortable,
      // On phones only the first of the kind's columns stays.
      meta: i > 0 ? { narrow: "hide" } : undefined,
      cell: (c) => <span className="cc-cell">{c.getValue<string>()}</span>,
    });
  });
  return cols;
}

/**
 * One kind's objects. Name, namespace, status and age are sorted by the API
 * (`sorting` goes into the query); the kind's own columns are sorted here,
 * and only when every matching object is loaded (else the order would be a
 * lie about the rows not fetched).
 */
export function ResourcesTable({
  kind,
  rows,
  complete,
  now,
  href,
  sorting,
  onSortingChange,
  onNearEnd,
}: {
  kind: ResourceKindInfo;
  rows: ResourceRow[];
  /** Every matching object is in `rows`. */
  complete: boolean;
  now: number;
  href: (row: ResourceRow) => string;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  onNearEnd: () => void;
}) {
  const sort = sorting[0];
  const data = useMemo(() => {
    if (!sort || SERVER_SORTS.has(sort.id) || !complete) return rows;
    const i = Number(sort.id.slice(1));
    const sorted = [...rows].sort(
      (a, b) => numeric.compare(a.cells[i] ?? "", b.cells[i] ?? "") || numeric.compare(a.name, b.name),
    );
    return sort.desc ? sorted.reverse() : sorted;
  }, [rows, sort, complete]);
  const table = useReactTable({
    data,
    columns: columns(kind, now, href, complete),
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    enableSortingRemoval: false,
    sortDescFirst: false,
    getRowId: (r) => `${r.namespace}/${r.name}`,
    getCoreRowModel: getCoreRowModel(),
  });
  return (
    <VirtualTable
      table={table}
      className="cc-resources-table"
      scrollTestId="resources-scroll"
      rowProps={(row) => ({ "data-resource": row.original.name, "data-namespace": row.original.namespace })}
      onNearEnd={onNearEnd}
      empty={<span>Nothing matches.</span>}
    />
  );
}
