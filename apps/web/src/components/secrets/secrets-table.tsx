"use client";
import type { VaultSecretSummary } from "@clustercord/contracts";
import {
  type ColumnDef,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { VirtualTable } from "~/components/virtual-table";
import { keysText, placementsText, placeText, secretTypeLabel, shortTime } from "./format";

function columns(
  clusterNames: ReadonlyMap<string, string>,
  onOpen: (name: string) => void,
): ColumnDef<VaultSecretSummary>[] {
  return [
    {
      id: "name",
      accessorKey: "name",
      header: "Name",
      cell: (c) => (
        <button
          type="button"
          className="cc-secrets-open"
          aria-label={`Open secret ${c.row.original.name}`}
          onClick={() => onOpen(c.row.original.name)}
        >
          {c.row.original.name}
        </button>
      ),
    },
    {
      id: "type",
      accessorFn: (s) => secretTypeLabel[s.type],
      header: "Type",
      meta: { narrow: "hide" },
    },
    {
      id: "keys",
      accessorFn: (s) => s.keys.join(", "),
      header: "Keys",
      enableSorting: false,
      cell: (c) => (
        <span className="cc-secrets-keys" title={c.row.original.keys.join(", ")}>
          {keysText(c.row.original.keys)}
        </span>
      ),
    },
    { id: "version", accessorKey: "version", header: "Version", cell: (c) => `v${c.row.original.version}` },
    {
      id: "updated",
      accessorKey: "updatedAt",
      header: "Updated",
      meta: { narrow: "hide" },
      cell: (c) => (
        <time dateTime={c.row.original.updatedAt}>
          {shortTime(c.row.original.updatedAt)} by {c.row.original.updatedBy}
        </time>
      ),
    },
    {
      id: "home",
      accessorFn: (s) =>
        placeText({ clusterName: clusterNames.get(s.clusterId) ?? s.clusterId, namespace: s.namespace }),
      header: "Home",
      meta: { narrow: "hide" },
    },
    {
      id: "applied",
      accessorFn: placementsText,
      header: "Applied to",
      enableSorting: false,
      meta: { narrow: "hide" },
    },
  ];
}

/** The vault's secrets (secrets.list): names, keys, versions and places, never values; a name opens it. */
export function SecretsTable({
  secrets,
  clusterNames,
  onOpen,
}: {
  secrets: VaultSecretSummary[];
  clusterNames: ReadonlyMap<string, string>;
  onOpen: (name: string) => void;
}) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const cols = useMemo(() => columns(clusterNames, onOpen), [clusterNames, onOpen]);
  const table = useReactTable({
    data: secrets,
    columns: cols,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
    getRowId: (s) => s.name,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <VirtualTable
      table={table}
      scrollClassName="cc-secrets-scroll"
      scrollTestId="secrets-scroll"
      rowProps={(row) => ({ "data-secret": row.original.name, "data-version": String(row.original.version) })}
      empty={<span>No secrets here yet.</span>}
    />
  );
}
