import type { CostPeriod, UsageGap } from "@clustercord/contracts";

/**
 * Numbers as /cost shows them: money in the cluster's currency, usage in
 * cores / GiB, periods in words. Shared by the text and the chart so both
 * say the same thing.
 */

/** `$12.34`; below 1, up to four decimals so a small namespace is not shown as `$0.00`. */
export function money(n: number, currency: string): string {
  const small = Math.abs(n) > 0 && Math.abs(n) < 1;
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: small ? 4 : 2,
  }).format(n);
}

/** A quantity with at most two decimals and no trailing zeros (`12.5`, `0.25`, `3`). */
export function quantity(n: number): string {
  if (Math.abs(n) > 0 && Math.abs(n) < 0.01) return String(Number(n.toPrecision(2)));
  return String(Math.round(n * 100) / 100);
}

const HOUR = 3_600_000;

/**
 * Hours of [from, to) that had metrics: the period less the gaps inside it
 * (merged, so overlapping gaps count once). Averages divide by this, not by
 * the whole period: an outage is not a quiet hour.
 */
export function coveredHours(
  from: string,
  to: string,
  gaps: readonly Pick<UsageGap, "from" | "to">[],
): number {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (!(end > start)) return 0;
  const spans = gaps
    .map((g) => [Math.max(start, Date.parse(g.from)), Math.min(end, Date.parse(g.to))] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let missing = 0;
  let reach = start;
  for (const [a, b] of spans) {
    const from2 = Math.max(a, reach);
    if (b > from2) missing += b - from2;
    reach = Math.max(reach, b);
  }
  return (end - start - missing) / HOUR;
}

/**
 * Hours with metrics from cost.usage's points (a point is null in a gap and
 * before the sampler first saw the cluster): the divisor for averages when
 * the reply has the series, so a cluster added mid-month is not averaged
 * over days nobody measured.
 */
export const dataHours = (points: readonly { cost: number | null }[]) =>
  points.filter((p) => p.cost !== null).length;

/** Average cores / GiB over the covered hours (0 when nothing was covered). */
export const average = (unitHours: number, hours: number) => (hours > 0 ? unitHours / hours : 0);

export type PeriodWord = "day" | "week" | "month" | "custom";

/** How the reply names the period: "today", "this week", "this month" (so far, in UTC) or "in this period". */
export function periodPhrase(kind: CostPeriod["kind"]): string {
  return { day: "today", week: "this week", month: "this month", custom: "in this period" }[kind];
}

/** `2026-11-30 00:00 → 14:05 UTC` (the date once when both ends are on it). */
export function spanText(from: string, to: string): string {
  const a = new Date(from).toISOString();
  const b = new Date(to).toISOString();
  const day = (iso: string) => iso.slice(0, 10);
  const time = (iso: string) => iso.slice(11, 16);
  return day(a) === day(b)
    ? `${day(a)} ${time(a)} → ${time(b)} UTC`
    : `${day(a)} ${time(a)} → ${day(b)} ${time(b)} UTC`;
}
