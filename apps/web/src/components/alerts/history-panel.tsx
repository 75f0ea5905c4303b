"use client";
import type { AlertEventView } from "@clustercord/contracts";
import { Badge, Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { formatWhen } from "./format";

const PAGE = 25;
const severityTone = { CRITICAL: "bad", HIGH: "bad", MEDIUM: "warn", LOW: "neutral" } as const;
const kindLabel: Record<AlertEventView["kind"], string> = {
  alert: "Alert",
  grouped: "Grouped",
  resolved: "Resolved",
  digest: "Digest",
};

/** The alerts that went out on this cluster (alerts.history), newest first, a page at a time. */
export function HistoryPanel({ clusterId }: { clusterId: string }) {
  // Each "Older" press adds a page starting where the last one ended.
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  return (
    <Card title="History">
      <ol className="cc-alert-history" aria-label="Alert history">
        {pages.map((before, i) => (
          <HistoryPage
            key={before ?? "newest"}
            clusterId={clusterId}
            before={before}
            first={i === 0}
            onOlder={i === pages.length - 1 ? (next) => setPages([...pages, next]) : undefined}
          />
        ))}
      </ol>
    </Card>
  );
}

function HistoryPage({
  clusterId,
  before,
  first,
  onOlder,
}: {
  clusterId: string;
  before: string | undefined;
  first: boolean;
  onOlder: ((before: string) => void) | undefined;
}) {
  const trpc = useTRPC();
  const page = useQuery(
    trpc.alerts.history.queryOptions({ clusterId, limit: PAGE, ...(before ? { before } : {}) }),
  );
  if (page.error)
    return (
      <li>
        <ErrorNotice>{userMessage(page.error)}</ErrorNotice>
      </li>
    );
  if (!page.data)
    return (
      <li className="cc-muted" aria-busy="true">
        Loading…
      </li>
    );
  const { items, nextBefore } = page.data;
  return (
    <>
      {first && items.length === 0 && (
        <li>
          <EmptyState>No alert has gone out on this cluster yet.</EmptyState>
        </li>
      )}
      {items.map((event) => (
        <li key={event.id} className="cc-alert-event" data-event-id={event.id} data-kind={event.kind}>
          <div className="cc-alert-event-head">
            <Badge tone={event.kind === "resolved" ? "good" : severityTone[event.severity]}>
              {kindLabel[event.kind]} · {event.severity}
            </Badge>
            <strong className="cc-alert-event-title">{event.title}</strong>
          </div>
          <p className="cc-muted cc-alert-event-meta">
            <time dateTime={event.at}>{formatWhen(event.at)}</time>
            {event.ruleName ? ` · rule ${event.ruleName}` : ""}
          </p>
          {event.lines.length > 0 && (
            <details>
              <summary>Details</summary>
              <pre className="cc-alert-event-lines">{event.lines.join("\n")}</pre>
            </details>
          )}
        </li>
      ))}
      {onOlder && nextBefore && (
        <li className="cc-alert-history-more">
          <Button variant="secondary" onClick={() => onOlder(nextBefore)}>
            Older alerts
          </Button>
        </li>
      )}
    </>
  );
}
