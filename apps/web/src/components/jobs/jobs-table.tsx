"use client";
import type { JobSummary } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";
import {
  type ColumnDef,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { VirtualTable } from "~/components/virtual-table";
import { exitCodeText, formatDuration, formatInZone, phaseLabel, phaseTone, ranBy } from "./format";

function columns(me: string | null, onOpen: (job: string) => void): ColumnDef<JobSummary>[] {
  return [
    {
      id: "name",
      accessorKey: "name",
      header: "Name",
      cell: (c) => (
        <button
          type="button"
          className="cc-jobs-open"
          aria-label={`Open job ${c.row.original.name}`}
          onClick={() => onOpen(c.row.original.name)}
        >
          {c.row.original.name}
        </button>
      ),
    },
    {
      id: "status",
      accessorKey: "phase",
      header: "Status",
      cell: (c) => <Badge tone={phaseTone[c.row.original.phase]}>{phaseLabel[c.row.original.phase]}</Badge>,
    },
    { id: "image", accessorKey: "image", header: "Image", meta: { narrow: "hide" } },
    {
      id: "command",
      accessorKey: "command",
      header: "Command",
      meta: { narrow: "hide" },
      cell: (c) => <code className="cc-jobs-command">{c.row.original.command}</code>,
    },
    {
      id: "ranBy",
      accessorFn: (j) => (!j.createdBy && j.cronJob ? `schedule ${j.cronJob}` : ranBy(j.createdBy, me)),
      header: "Ran by",
      meta: { narrow: "hide" },
    },
    {
      id: "started",
      accessorFn: (j) => j.startedAt ?? j.createdAt,
      header: "Started",
      meta: { narrow: "hide" },
      cell: (c) => (
        <time dateTime={c.row.original.startedAt ?? c.row.original.createdAt}>
          {formatInZone(c.row.original.startedAt ?? c.row.original.createdAt)} UTC
        </time>
      ),
    },
    {
      id: "duration",
      accessorFn: (j) => j.durationSeconds ?? -1,
      header: "Duration",
      cell: (c) => formatDuration(c.row.original.durationSeconds),
    },
    {
      id: "exitCode",
      accessorFn: (j) => j.exitCode ?? -1,
      header: "Exit code",
      cell: (c) => exitCodeText(c.row.original.exitCode),
    },
  ];
}

/** The namespace's jobs (jobs.list), newest first, sortable; a name opens the job. */
export function JobsTable({
  jobs,
  me,
  onOpen,
}: {
  jobs: JobSummary[];
  me: string | null;
  onOpen: (job: string) => void;
}) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "started", desc: true }]);
  const cols = useMemo(() => columns(me, onOpen), [me, onOpen]);
  const table = useReactTable({
    data: jobs,
    columns: cols,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
    getRowId: (j) => j.name,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <VirtualTable
      table={table}
      scrollClassName="cc-jobs-scroll"
      scrollTestId="jobs-scroll"
      rowProps={(row) => ({
        "data-job": row.original.name,
        "data-phase": row.original.phase,
      })}
      empty={<span>No jobs in this namespace yet.</span>}
    />
  );
}
