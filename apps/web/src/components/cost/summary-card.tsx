"use client";
import type { CostSummaryOutput } from "@clustercord/contracts";
import { Badge } from "@clustercord/ui";
import { formatMoney, periodRange, trendOf } from "./format";

/** The period's total, its trend against the period before, and the idle cost (the owner's admins). */
export function CostTotals({ summary }: { summary: CostSummaryOutput }) {
  const trend = trendOf(summary);
  const money = (v: number) => formatMoney(v, summary.currency);
  return (
    <div className="cc-cost-totals">
      <p className="cc-cost-big">
        <span data-testid="cost-total" data-value={String(summary.totals.total)}>
          {money(summary.totals.total)}
        </span>
        <Badge tone={trend.tone === "bad" ? "warn" : trend.tone === "good" ? "good" : "neutral"}>
          <span data-testid="cost-trend">{trend.text}</span>
        </Badge>
      </p>
      <dl className="cc-facts">
        <dt>CPU</dt>
        <dd>{money(summary.totals.cpuCost)}</dd>
        <dt>Memory</dt>
        <dd>{money(summary.totals.memoryCost)}</dd>
        <dt>Storage</dt>
        <dd>{money(summary.totals.storageCost)}</dd>
        {summary.idle && (
          <>
            <dt>Idle capacity</dt>
            <dd data-testid="cost-idle" data-value={String(summary.idle.total)}>
              {money(summary.idle.total)} <span className="cc-muted">(not requested by any pod)</span>
            </dd>
          </>
        )}
        <dt>Period</dt>
        <dd className="cc-muted">{periodRange(summary)}</dd>
      </dl>
    </div>
  );
}
