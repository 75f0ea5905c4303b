"use client";
import type { SnapshotSummary } from "@clustercord/contracts";
import { Badge, EmptyState } from "@clustercord/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { formatBytes } from "~/app/clusters/[clusterId]/overview";
import { useTRPC } from "~/lib/trpc";
import {
  isRunning,
  newestFirst,
  pollWhileRunning,
  progressPercent,
  progressText,
  scopeText,
  statusLabel,
  statusTone,
  takenBy,
  timeText,
} from "./format";

/**
 * The cluster's snapshots, newest first: time, description, scope, objects,
 * size, status and who. A running one shows its progress live; its time
 * opens it.
 */
export function SnapshotsTable({
  snapshots,
  me,
  onOpen,
}: {
  snapshots: SnapshotSummary[];
  me: string | null;
  onOpen: (id: string) => void;
}) {
  if (snapshots.length === 0) return <EmptyState>No snapshots of this cluster yet.</EmptyState>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="cc-table-wrap cc-snap-scroll" tabIndex={0} aria-label="Snapshots list">
      <table className="cc-table cc-snap-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Description</th>
            <th scope="col" className="cc-narrow-hide">
              Scope
            </th>
            <th scope="col">Objects</th>
            <th scope="col" className="cc-narrow-hide">
              Size
            </th>
            <th scope="col">Status</th>
            <th scope="col" className="cc-narrow-hide">
              By
            </th>
          </tr>
        </thead>
        <tbody>
          {newestFirst(snapshots).map((s) => (
            <SnapshotRow key={s.id} snapshot={s} me={me} onOpen={onOpen} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SnapshotRow({
  snapshot: listed,
  me,
  onOpen,
}: {
  snapshot: SnapshotSummary;
  me: string | null;
  onOpen: (id: string) => void;
}) {
  const live = useRunningSnapshot(listed);
  const s = live ?? listed;
  return (
    <tr data-snapshot={s.id} data-status={s.status}>
      <td>
        <button
          type="button"
          className="cc-snap-open"
          aria-label={`Open snapshot ${timeText(s.createdAt)}${s.description ? ` (${s.description})` : ""}`}
          onClick={() => onOpen(s.id)}
        >
          {timeText(s.createdAt)}
        </button>
      </td>
      <td className="cc-snap-description">{s.description || <span className="cc-muted">—</span>}</td>
      <td className="cc-narrow-hide">{scopeText(s)}</td>
      <td data-testid="snapshot-objects">
        {isRunning(s) ? (
          <span className="cc-snap-progress">
            <progress max={100} value={progressPercent(s.progress)} aria-label="Progress" />
            <span>{progressText(s)}</span>
          </span>
        ) : (
          s.objectCount.toLocaleString("en-US")
        )}
      </td>
      <td className="cc-narrow-hide">{s.status === "ready" ? formatBytes(s.bytes) : "—"}</td>
      <td>
        <Badge tone={statusTone[s.status]}>{statusLabel[s.status]}</Badge>
        {s.error && <span className="cc-snap-error"> {s.error}</span>}
      </td>
      <td className="cc-narrow-hide">{takenBy(s, me)}</td>
    </tr>
  );
}

/**
 * A running snapshot's own state from snapshots.get, asked again every 2 s
 * until it ends; then the list is asked again (sizes and counts are final).
 */
function useRunningSnapshot(listed: SnapshotSummary): SnapshotSummary | null {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const running = isRunning(listed);
  const got = useQuery({
    ...trpc.snapshots.get.queryOptions({ id: listed.id }),
    enabled: running,
    refetchInterval: (q) => pollWhileRunning(q.state.data),
  });
  const current = got.data?.snapshot ?? null;
  const ended = running && current !== null && !isRunning(current);
  useEffect(() => {
    if (ended) void queryClient.invalidateQueries({ queryKey: trpc.snapshots.list.pathKey() });
  }, [ended, queryClient, trpc]);
  return running ? current : null;
}
