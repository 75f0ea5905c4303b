"use client";
import type { CostGroupBy } from "@clustercord/contracts";
import { Badge, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { GapNotes } from "~/components/cost/chart-frame";
import { CostStackChart, UsageChart } from "~/components/cost/charts";
import {
  dailyChartData,
  formatMoney,
  gapNotes,
  hasUsage,
  last24Hours,
  topRows,
  trendOf,
} from "~/components/cost/format";
import { SourceLabel } from "~/components/cost/source-label";
import { userMessage, useTRPC } from "~/lib/trpc";

const MONTH = { kind: "month" } as const;

/** This month's cost so far, its trend against the month before, and cost per day. */
export function MonthCost({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.cost.summary.queryOptions({ clusterId, period: MONTH }));
  if (summary.error) return <ErrorNotice>{userMessage(summary.error)}</ErrorNotice>;
  if (!summary.data) return <p className="cc-muted">Loading…</p>;
  const s = summary.data;
  const trend = trendOf(s);
  return (
    <>
      <p className="cc-cost-big">
        <span data-testid="month-cost" data-value={String(s.totals.total)}>
          {formatMoney(s.totals.total, s.currency)}
        </span>
        <Badge tone={trend.tone === "bad" ? "warn" : trend.tone === "good" ? "good" : "neutral"}>
          {trend.text}
        </Badge>
      </p>
      <p className="cc-inline">
        <SourceLabel source={s.source} />
        {s.idle && <span className="cc-muted">Idle capacity: {formatMoney(s.idle.total, s.currency)}</span>}
      </p>
      <CostStackChart
        title="This month's cost per day"
        rows={dailyChartData(s)}
        currency={s.currency}
        rowHeaderLabel="Day"
        notes={<GapNotes notes={gapNotes(s.gaps)} />}
      />
      <Link href={`/clusters/${encodeURIComponent(clusterId)}/cost`}>Cost details</Link>
    </>
  );
}

/** The last 24 hours: CPU and memory usage vs requests vs capacity. */
export function UsageOverTime({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const [period] = useState(() => last24Hours(new Date()));
  const usage = useQuery({
    ...trpc.cost.usage.queryOptions({ clusterId, period }),
    refetchInterval: 300_000,
  });
  if (usage.error) return <ErrorNotice>{userMessage(usage.error)}</ErrorNotice>;
  if (!usage.data) return <p className="cc-muted">Loading…</p>;
  if (!hasUsage(usage.data)) return <EmptyState>No usage recorded in the last 24 hours.</EmptyState>;
  return (
    <div className="cc-cost-usage">
      <UsageChart usage={usage.data} resource="cpu" height={200} />
      <UsageChart usage={usage.data} resource="memory" height={200} showGaps={false} />
    </div>
  );
}

const topTitle: Record<CostGroupBy, string> = {
  namespace: "Top namespaces",
  workload: "Top workloads",
  person: "Top people",
};

function TopList({ clusterId, by }: { clusterId: string; by: CostGroupBy }) {
  const trpc = useTRPC();
  const breakdown = useQuery(trpc.cost.breakdown.queryOptions({ clusterId, period: MONTH, by, limit: 5 }));
  const title = topTitle[by];
  return (
    <div>
      <h3>{title}</h3>
      {breakdown.error && <ErrorNotice>{userMessage(breakdown.error)}</ErrorNotice>}
      {breakdown.data && breakdown.data.rows.length === 0 && <EmptyState>Nothing yet.</EmptyState>}
      {breakdown.data && breakdown.data.rows.length > 0 && (
        <ol className="cc-top-list" aria-label={`${title} by cost this month`}>
          {topRows(breakdown.data, 5).map((r) => (
            <li key={r.key}>
              <span className="cc-top-label" title={r.label}>
                {r.label}
              </span>
              <span data-key={r.key} data-value={String(r.total)}>
                {formatMoney(r.total, breakdown.data.currency)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The month's largest namespaces, workloads and people by cost. */
export function TopCosts({ clusterId }: { clusterId: string }) {
  return (
    <div className="cc-top-lists">
      <TopList clusterId={clusterId} by="namespace" />
      <TopList clusterId={clusterId} by="workload" />
      <TopList clusterId={clusterId} by="person" />
    </div>
  );
}
