"use client";
import type { CostGroupBy, CostPeriod } from "@clustercord/contracts";
import { Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState } from "react";
import { AppShell } from "~/components/app-shell";
import { BreakdownTable, groupLabel } from "~/components/cost/breakdown-table";
import { BudgetsPanel } from "~/components/cost/budgets-panel";
import { GapNotes } from "~/components/cost/chart-frame";
import { CostStackChart, UsageChart } from "~/components/cost/charts";
import { CsvDownload } from "~/components/cost/csv-download";
import { breakdownRows, dailyChartData, gapNotes, hasUsage } from "~/components/cost/format";
import { PeriodPicker } from "~/components/cost/period-picker";
import { PriceSettings } from "~/components/cost/price-settings";
import { SourceLabel } from "~/components/cost/source-label";
import { CostTotals } from "~/components/cost/summary-card";
import { useGuildRole } from "~/components/manifests/use-role";
import { userMessage, useTRPC } from "~/lib/trpc";
import "~/components/cost/cost.css";

const GROUPS: CostGroupBy[] = ["namespace", "workload", "person"];

/**
 * A cluster's cost: the period's total and trend, cost per day, stacked by
 * namespace, workload or person with the same numbers in a table, usage vs
 * requests vs capacity, prices, budgets and the CSV export. Every number is
 * the API's, over what the person may see.
 */
export default function CostPage() {
  const { clusterId } = useParams<{ clusterId: string }>();
  const trpc = useTRPC();
  const { canOperate, isAdmin } = useGuildRole();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const cluster = clusters.data?.clusters.find((c) => c.id === clusterId);
  const [period, setPeriod] = useState<CostPeriod>({ kind: "month" });
  const [by, setBy] = useState<CostGroupBy>("namespace");

  const summary = useQuery(trpc.cost.summary.queryOptions({ clusterId, period }));
  const breakdown = useQuery(trpc.cost.breakdown.queryOptions({ clusterId, period, by, limit: 20 }));
  const usage = useQuery(trpc.cost.usage.queryOptions({ clusterId, period }));
  const currency = summary.data?.currency ?? breakdown.data?.currency ?? "USD";
  const rows = breakdown.data ? breakdownRows(breakdown.data) : [];

  return (
    <AppShell>
      <div className="cc-cost-head">
        <h1 className="cc-page-title">{cluster ? `${cluster.name} cost` : "Cost"}</h1>
        {summary.data && <SourceLabel source={summary.data.source} />}
      </div>
      {clusters.data && !cluster && (
        <ErrorNotice>This cluster is not one of yours (or it was removed).</ErrorNotice>
      )}
      <div className="cc-cost-toolbar">
        <PeriodPicker onChange={setPeriod} />
        <CsvDownload clusterId={clusterId} period={period} />
      </div>

      <Card title="Total">
        {summary.error && <ErrorNotice>{userMessage(summary.error)}</ErrorNotice>}
        {summary.isPending && <p className="cc-muted">Loading…</p>}
        {summary.data && (
          <>
            <CostTotals summary={summary.data} />
            <CostStackChart
              title="Cost per day"
              rows={dailyChartData(summary.data)}
              currency={currency}
              rowHeaderLabel="Day"
              notes={<GapNotes notes={gapNotes(summary.data.gaps)} />}
            />
          </>
        )}
      </Card>

      <Card
        title="Breakdown"
        actions={
          <fieldset className="cc-segmented">
            <legend className="cc-visually-hidden">Group cost by</legend>
            {GROUPS.map((g) => (
              <button key={g} type="button" aria-pressed={by === g} onClick={() => setBy(g)}>
                {groupLabel[g]}
              </button>
            ))}
          </fieldset>
        }
      >
        {breakdown.error && <ErrorNotice>{userMessage(breakdown.error)}</ErrorNotice>}
        {breakdown.data && rows.length === 0 && <EmptyState>No cost recorded in this period.</EmptyState>}
        {breakdown.data && rows.length > 0 && (
          <div className="cc-cost-split">
            <CostStackChart
              title={`Cost by ${groupLabel[by].toLowerCase()}`}
              rows={rows}
              currency={currency}
              rowHeaderLabel={groupLabel[by]}
              horizontal
            />
            <BreakdownTable rows={rows} by={by} currency={currency} />
          </div>
        )}
      </Card>

      <Card title="Usage">
        {usage.error && <ErrorNotice>{userMessage(usage.error)}</ErrorNotice>}
        {usage.data && !hasUsage(usage.data) && <EmptyState>No usage recorded in this period.</EmptyState>}
        {usage.data && hasUsage(usage.data) && (
          <div className="cc-cost-usage">
            <UsageChart usage={usage.data} resource="cpu" />
            <UsageChart usage={usage.data} resource="memory" showGaps={false} />
          </div>
        )}
      </Card>

      <div className="cc-grid">
        <PriceSettings clusterId={clusterId} canEdit={isAdmin && (cluster?.owned ?? false)} />
        <BudgetsPanel clusterId={clusterId} canEdit={canOperate} />
      </div>
    </AppShell>
  );
}
