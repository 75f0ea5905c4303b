"use client";
import { Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useInfiniteQuery } from "@tanstack/react-query";
import { AppShell } from "~/components/app-shell";
import { userMessage, useTRPC } from "~/lib/trpc";

export default function AuditPage() {
  const trpc = useTRPC();
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = audit.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <AppShell>
      <h1 className="cc-page-title">Audit log</h1>
      <Card>
        {audit.error && <ErrorNotice>{userMessage(audit.error)}</ErrorNotice>}
        {audit.data && items.length === 0 && <EmptyState>No changes recorded yet.</EmptyState>}
        {items.length > 0 && (
          <div className="cc-table-wrap">
            <table className="cc-table">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Who</th>
                  <th>Action</th>
                  <th>Target</th>
                  <th>Via</th>
                  <th>Result</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td>{new Date(e.at).toLocaleString()}</td>
                    <td>{e.actorName}</td>
                    <td>{e.action}</td>
                    <td>{e.target}</td>
                    <td>{e.via}</td>
                    <td title={e.detail ?? undefined}>{e.result}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {audit.hasNextPage && (
          <Button
            variant="secondary"
            onClick={() => audit.fetchNextPage()}
            disabled={audit.isFetchingNextPage}
          >
            Load more
          </Button>
        )}
      </Card>
    </AppShell>
  );
}
