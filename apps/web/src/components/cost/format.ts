import {
  type BudgetPeriod,
  type BudgetScope,
  type CostAmounts,
  type CostBreakdownOutput,
  type CostBudgetSetInput,
  type CostPeriod,
  type CostPrices,
  CostPrices as CostPricesSchema,
  type CostSummaryOutput,
  type UsageGap,
  type UsagePoint,
} from "@clustercord/contracts";

/**
 * The Cost page's and the dashboard's pure helpers: periods, money, chart
 * series and table rows from the cost.* answers, and the forms' checks. No
 * React, no I/O, so each is unit-tested as is.
 */

export type PeriodKind = CostPeriod["kind"];
export const PERIOD_KINDS: { kind: PeriodKind; label: string }[] = [
  { kind: "day", label: "Day" },
  { kind: "week", label: "Week" },
  { kind: "month", label: "Month" },
  { kind: "custom", label: "Custom" },
];

const DAY_MS = 86_400_000;
/** The contract's limit for a custom period. */
const MAX_CUSTOM_DAYS = 400;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period to ask for. A custom one takes two calendar days (UTC), both
 * included: from the first's midnight to the midnight after the last.
 */
export function periodFromForm(
  kind: PeriodKind,
  fromDay: string,
  toDay: string,
): { period: CostPeriod; problem?: undefined } | { period?: undefined; problem: string } {
  if (kind !== "custom") return { period: { kind } };
  if (!DATE.test(fromDay) || Number.isNaN(Date.parse(`${fromDay}T00:00:00Z`)))
    return { problem: "Pick the first day of the period." };
  if (!DATE.test(toDay) || Number.isNaN(Date.parse(`${toDay}T00:00:00Z`)))
    return { problem: "Pick the last day of the period." };
  const from = Date.parse(`${fromDay}T00:00:00Z`);
  const to = Date.parse(`${toDay}T00:00:00Z`) + DAY_MS;
  if (to <= from) return { problem: "The last day must not be before the first." };
  if (to - from > MAX_CUSTOM_DAYS * DAY_MS)
    return { problem: `A custom period spans at most ${MAX_CUSTOM_DAYS} days.` };
  return { period: { kind: "custom", from: new Date(from).toISOString(), to: new Date(to).toISOString() } };
}

/** Money in the cluster's currency; amounts under one unit keep four decimals (cents hide them). */
export function formatMoney(amount: number, currency: string): string {
  const small = amount !== 0 && Math.abs(amount) < 1;
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: small ? 4 : 2,
      maximumFractionDigits: small ? 4 : 2,
    }).format(amount);
  } catch {
    // An unknown code (the contract only checks its shape) still shows the number.
    return `${amount.toFixed(small ? 4 : 2)} ${currency}`;
  }
}

/** A quantity with at most `digits` decimals, no trailing zeros ("1.5", "0.125"). */
export function formatNumber(value: number, digits = 3): string {
  return String(Number(value.toFixed(digits)));
}

/** An instant as `YYYY-MM-DD HH:MM UTC`: the same for everyone reading a gap note. */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The period an answer covers, for headings ("2026-11-01 00:00 UTC – 2026-11-30 13:00 UTC"). */
export function periodRange(out: { from: string; to: string }): string {
  return `${formatInstant(out.from)} – ${formatInstant(out.to)}`;
}

export type Trend = { text: string; tone: "good" | "bad" | "neutral" };

/** The change against the previous period of the same length: more spending is the bad direction. */
export function trendOf(summary: Pick<CostSummaryOutput, "changePct" | "previousTotal" | "currency">): Trend {
  const previous = formatMoney(summary.previousTotal, summary.currency);
  if (summary.changePct === null) return { text: "No cost in the previous period", tone: "neutral" };
  const pct = Number(summary.changePct.toFixed(1));
  if (pct === 0) return { text: `Unchanged from the previous period (${previous})`, tone: "neutral" };
  const sign = pct > 0 ? "+" : "−";
  return {
    text: `${sign}${Math.abs(pct)}% vs the previous period (${previous})`,
    tone: pct > 0 ? "bad" : "good",
  };
}

/** The notes under a chart: a gap is metrics that were unavailable, never zero usage. */
export function gapNotes(gaps: readonly UsageGap[]): string[] {
  return [...gaps]
    .sort((a, b) => Date.parse(a.from) - Date.parse(b.from))
    .map(
      (g) =>
        `Metrics unavailable from ${formatInstant(g.from)} to ${formatInstant(g.to)}${g.reason ? ` (${g.reason})` : ""}.`,
    );
}

// ---- usage chart (cost.usage)

export type UsageDatum = {
  /** Milliseconds: the chart's numeric time axis. */
  t: number;
  iso: string;
  cpuUsage: number | null;
  cpuRequest: number | null;
  cpuCapacity: number | null;
  memoryUsage: number | null;
  memoryRequest: number | null;
  memoryCapacity: number | null;
  cost: number | null;
};

const emptyDatum = (iso: string): UsageDatum => ({
  t: Date.parse(iso),
  iso,
  cpuUsage: null,
  cpuRequest: null,
  cpuCapacity: null,
  memoryUsage: null,
  memoryRequest: null,
  memoryCapacity: null,
  cost: null,
});

/**
 * The usage chart's points, oldest first, nulls kept (the lines break there).
 * A gap with no point inside it gets an empty one at its start, so the lines
 * break even when the API left the gap's hours out rather than sending nulls.
 */
export function usageChartData(points: readonly UsagePoint[], gaps: readonly UsageGap[] = []): UsageDatum[] {
  const data: UsageDatum[] = points.map((p) => ({
    t: Date.parse(p.t),
    iso: p.t,
    cpuUsage: p.cpuUsageCores,
    cpuRequest: p.cpuRequestCores,
    cpuCapacity: p.cpuCapacityCores,
    memoryUsage: p.memoryUsageGb,
    memoryRequest: p.memoryRequestGb,
    memoryCapacity: p.memoryCapacityGb,
    cost: p.cost,
  }));
  for (const gap of gaps) {
    const from = Date.parse(gap.from);
    const to = Date.parse(gap.to);
    if (!data.some((d) => d.t >= from && d.t < to)) data.push(emptyDatum(new Date(from).toISOString()));
  }
  return data.sort((a, b) => a.t - b.t);
}

/** Whether the answer has anything to draw: a number somewhere, or a gap to show as one. */
export function hasUsage(usage: { points: readonly UsagePoint[]; gaps: readonly UsageGap[] }): boolean {
  return (
    usage.gaps.length > 0 || usage.points.some((p) => p.cpuUsageCores !== null || p.cpuRequestCores !== null)
  );
}

const HOUR_MS = 3_600_000;

/**
 * The dashboard's "last 24 hours": whole hours, the current one included,
 * so the question (and its cached answer) stays the same within the hour.
 */
export function last24Hours(now: Date): CostPeriod {
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  return {
    kind: "custom",
    from: new Date(end - 24 * HOUR_MS).toISOString(),
    to: new Date(end).toISOString(),
  };
}

/** Whether a series has any number to draw (capacity is null for tenants: no capacity line then). */
export function hasValues(data: readonly UsageDatum[], key: keyof Omit<UsageDatum, "t" | "iso">): boolean {
  return data.some((d) => d[key] !== null);
}

/** A time tick: the hour within a day or two, else the day. */
export function timeTick(spanMs: number): (t: number) => string {
  return (t) => {
    const iso = new Date(t).toISOString();
    return spanMs <= 2 * DAY_MS ? iso.slice(11, 16) : iso.slice(5, 10);
  };
}

// ---- cost by day and by group (cost.summary, cost.breakdown)

export type CostDatum = {
  key: string;
  label: string;
  cpu: number;
  memory: number;
  storage: number;
  total: number;
};

const amounts = (key: string, label: string, a: CostAmounts): CostDatum => ({
  key,
  label,
  cpu: a.cpuCost,
  memory: a.memoryCost,
  storage: a.storageCost,
  total: a.total,
});

/** The stacked daily chart: CPU, memory and storage cost per day. */
export function dailyChartData(summary: Pick<CostSummaryOutput, "daily">): CostDatum[] {
  return [...summary.daily].sort((a, b) => a.day.localeCompare(b.day)).map((d) => amounts(d.day, d.day, d));
}

export type BreakdownRow = CostDatum & {
  cpuCoreHours: number;
  memoryGbHours: number;
  storageGbHours: number;
  sharePct: number | null;
  attribution: string | null;
};

/** Who a person key is: the API's label, else a readable stand-in for `guild:<id>` / `unattributed`. */
function rowLabel(row: CostBreakdownOutput["rows"][number]): string {
  if (row.label) return row.label;
  if (row.key === "unattributed") return "Unattributed";
  if (row.key.startsWith("guild:")) return `Server ${row.key.slice("guild:".length)}`;
  return row.key;
}

/**
 * The breakdown's rows as the chart stacks them and the table lists them,
 * largest first as the API sent them, with the rows past the limit as
 * "Other" at the end: the chart and the table show the same numbers.
 */
export function breakdownRows(out: Pick<CostBreakdownOutput, "rows" | "other" | "totals">): BreakdownRow[] {
  const rows: BreakdownRow[] = out.rows.map((r) => ({
    ...amounts(r.key, rowLabel(r), r),
    cpuCoreHours: r.cpuCoreHours,
    memoryGbHours: r.memoryGbHours,
    storageGbHours: r.storageGbHours,
    sharePct: r.sharePct,
    attribution: r.attribution,
  }));
  if (out.other && out.other.total !== 0) {
    rows.push({
      ...amounts("other", "Other", out.other),
      cpuCoreHours: out.other.cpuCoreHours,
      memoryGbHours: out.other.memoryGbHours,
      storageGbHours: out.other.storageGbHours,
      sharePct: out.totals.total > 0 ? (out.other.total / out.totals.total) * 100 : null,
      attribution: null,
    });
  }
  return rows;
}

/** The first `n` rows (the dashboard's top lists): "Other" is not one of the top. */
export function topRows(
  out: Pick<CostBreakdownOutput, "rows" | "other" | "totals">,
  n: number,
): BreakdownRow[] {
  return breakdownRows({ ...out, other: null }).slice(0, n);
}

const attributionText: Record<string, string> = {
  "personal-namespace": "personal namespace",
  "created-by": "created through ClusterCord",
  guild: "server's namespace",
  unattributed: "unattributed",
};

/** How a number came to be a person's, in words. */
export function attributionLabel(attribution: string | null): string {
  return attribution ? (attributionText[attribution] ?? attribution) : "";
}

// ---- prices (cost.config.set)

export type PriceForm = { cpu: string; memory: string; storage: string; currency: string };

export const priceFormOf = (p: CostPrices): PriceForm => ({
  cpu: String(p.cpuPerCoreHour),
  memory: String(p.memoryPerGbHour),
  storage: String(p.storagePerGbMonth),
  currency: p.currency,
});

const priceFields: [keyof PriceForm, keyof CostPrices, string][] = [
  ["cpu", "cpuPerCoreHour", "CPU price per core-hour"],
  ["memory", "memoryPerGbHour", "Memory price per GiB-hour"],
  ["storage", "storagePerGbMonth", "Storage price per GiB-month"],
];

/** The form's prices, checked by the contract's own rules; a problem names the field. */
export function pricesFromForm(
  form: PriceForm,
): { prices: CostPrices; problem?: undefined } | { prices?: undefined; problem: string } {
  const draft: Record<string, unknown> = { currency: form.currency.trim().toUpperCase() };
  for (const [field, key, label] of priceFields) {
    const text = form[field].trim();
    const value = Number(text);
    if (text === "" || !Number.isFinite(value)) return { problem: `${label}: enter a number.` };
    draft[key] = value;
  }
  const parsed = CostPricesSchema.safeParse(draft);
  if (parsed.success) return { prices: parsed.data };
  const issue = parsed.error.issues[0];
  const key = issue?.path[0];
  const label = priceFields.find(([, k]) => k === key)?.[2] ?? (key === "currency" ? "Currency" : "Prices");
  return { problem: `${label}: ${issue?.message ?? "not valid"}.` };
}

// ---- budgets (cost.budgets.*)

export type BudgetForm = {
  scope: BudgetScope["kind"];
  namespace: string;
  userId: string;
  period: BudgetPeriod;
  threshold: string;
};

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SNOWFLAKE = /^\d{17,20}$/;

/** The budget form as cost.budgets.set's input; a problem says which field and why. */
export function budgetFromForm(
  clusterId: string,
  form: BudgetForm,
): { input: CostBudgetSetInput; problem?: undefined } | { input?: undefined; problem: string } {
  let scope: BudgetScope;
  if (form.scope === "namespace") {
    const namespace = form.namespace.trim();
    if (!NAMESPACE.test(namespace) || namespace.length > 63)
      return { problem: "Namespace: enter a namespace name, such as shop." };
    scope = { kind: "namespace", namespace };
  } else if (form.scope === "person") {
    const userId = form.userId.trim();
    if (!SNOWFLAKE.test(userId)) return { problem: "Person: enter their Discord user id (17 to 20 digits)." };
    scope = { kind: "person", userId };
  } else {
    scope = { kind: "guild" };
  }
  const threshold = Number(form.threshold.trim());
  if (form.threshold.trim() === "" || !Number.isFinite(threshold) || threshold <= 0)
    return { problem: "Threshold: enter an amount above zero." };
  if (threshold > 1e9) return { problem: "Threshold: at most 1,000,000,000." };
  return { input: { clusterId, scope, period: form.period, threshold } };
}

/** What a budget covers, in words. */
export function budgetScopeLabel(scope: BudgetScope): string {
  if (scope.kind === "namespace") return `Namespace ${scope.namespace}`;
  if (scope.kind === "person") return `Person ${scope.userId}`;
  return "Whole server";
}

/** Spent as a share of the threshold, 0–100 for the meter (beyond the threshold it stays full). */
export function budgetUsedPct(budget: { spent: number; threshold: number }): number {
  if (budget.threshold <= 0) return 100;
  return Math.min(100, Math.max(0, (budget.spent / budget.threshold) * 100));
}

// ---- CSV download (cost.export)

/** The answer's filename made safe for a download (no path, no control characters). */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return clean || "cost.csv";
}
