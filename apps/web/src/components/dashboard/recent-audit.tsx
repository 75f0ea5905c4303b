"use client";
import { EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatInstant } from "~/components/cost/format";
import { userMessage, useTRPC } from "~/lib/trpc";

/** The server's latest audited changes (admins: audit.list is theirs). */
export function RecentAudit() {
  const trpc = useTRPC();
  const audit = useQuery({ ...trpc.audit.list.queryOptions({ limit: 8 }), refetchInterval: 30_000 });
  return (
    <>
      {audit.error && <ErrorNotice>{userMessage(audit.error)}</ErrorNotice>}
      {audit.data && audit.data.items.length === 0 && <EmptyState>No changes recorded yet.</EmptyState>}
      {audit.data && audit.data.items.length > 0 && (
        <ul className="cc-audit-list" aria-label="Recent audit events">
          {audit.data.items.map((e) => (
            <li key={e.id}>
              <time className="cc-muted" dateTime={e.at}>
                {formatInstant(e.at)}
              </time>
              <strong>{e.actorName}</strong>
              <span>{e.action}</span>
              <span className="cc-muted">{e.target}</span>
              {e.result !== "ok" && <span className="cc-warning">{e.result}</span>}
            </li>
          ))}
        </ul>
      )}
      <Link href="/audit">Every change</Link>
    </>
  );
}
