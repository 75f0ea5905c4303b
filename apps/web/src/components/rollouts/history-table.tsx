"use client";
import { Badge, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { userMessage, useTRPC } from "~/lib/trpc";
import { imagesText, shortTime } from "./format";
import type { RolloutPanelTarget } from "./rollout-panel";
import { TableScroll } from "./table-scroll";

/** rollouts.history: every revision with its images, change-cause and time; which is current, which came back by an undo. */
export function HistoryTable({ target }: { target: RolloutPanelTarget }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.rollouts.history.queryOptions(target));
  if (history.error) return <ErrorNotice>{userMessage(history.error)}</ErrorNotice>;
  if (!history.data) return <EmptyState>Loading the history…</EmptyState>;
  if (!history.data.revisions.length) return <EmptyState>No revisions yet.</EmptyState>;
  return (
    <TableScroll label="Revisions">
      <table className="cc-table" aria-label="Revisions" data-testid="rollout-history">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Images</th>
            <th>Change cause</th>
            <th>Created</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {history.data.revisions.map((r) => (
            <tr key={r.source} data-revision={r.revision} data-current={r.current ? "true" : "false"}>
              <td>{r.revision}</td>
              <td className="cc-mono">{imagesText(r.images)}</td>
              <td className="cc-rollout-wrap">{r.changeCause ?? "—"}</td>
              <td>{shortTime(r.createdAt)}</td>
              <td>
                <span className="cc-inline">
                  {r.current && <Badge tone="good">current</Badge>}
                  {r.rolledBack && <Badge tone="warn">rolled back</Badge>}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
