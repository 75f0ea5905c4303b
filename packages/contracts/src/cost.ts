import { z } from "zod";

/**
 * Cost and usage (guide features 5 and 15): OpenCost's allocation model,
 * attributed to namespaces, workloads and the Discord user who deployed.
 * Money is in the cluster's currency; usage in core-hours, GiB-hours and
 * GiB-hours of PVC capacity.
 */

const ClusterId = z.string().min(1).max(64);
const NamespaceName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a namespace name");
const Snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord user id");
/** `Kind/name` of the owning workload, e.g. `Deployment/web` (a bare pod: `Pod/name`). */
const WorkloadRef = z
  .string()
  .min(3)
  .max(317)
  .regex(/^[A-Za-z]+\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be Kind/name, such as Deployment/web");

/** day/week/month end now; custom takes ISO instants, at most 400 days apart. */
export const CostPeriod = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("day") }),
  z.object({ kind: z.literal("week") }),
  z.object({ kind: z.literal("month") }),
  z.object({ kind: z.literal("custom"), from: z.iso.datetime(), to: z.iso.datetime() }),
]);
export type CostPeriod = z.infer<typeof CostPeriod>;

export const Currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD");

/** Unit prices; the guide's defaults are 0.05 / 0.01 / 0.10 USD. */
export const CostPrices = z.object({
  cpuPerCoreHour: z.number().min(0).max(1000),
  memoryPerGbHour: z.number().min(0).max(1000),
  storagePerGbMonth: z.number().min(0).max(100_000),
  currency: Currency,
});
export type CostPrices = z.infer<typeof CostPrices>;

export const DEFAULT_COST_PRICES: CostPrices = {
  cpuPerCoreHour: 0.05,
  memoryPerGbHour: 0.01,
  storagePerGbMonth: 0.1,
  currency: "USD",
};

/** How a number was attributed to a person (the person view shows it). */
export const CostAttribution = z.enum([
  /** A pod in the person's own namespace (clustercord-user-<id>). */
  "personal-namespace",
  /** A workload labelled clustercord.io/created-by: <id> by ClusterCord. */
  "created-by",
  /** The guild that owns the namespace. */
  "guild",
  "unattributed",
]);
export type CostAttribution = z.infer<typeof CostAttribution>;

/** Where a cluster's numbers come from: ClusterCord's own sampler, or the cluster's OpenCost/Kubecost. */
export const CostSource = z.enum(["clustercord", "opencost"]);
export type CostSource = z.infer<typeof CostSource>;

/** CPU, memory and storage: usage quantities and their cost. */
export const CostAmounts = z.object({
  cpuCoreHours: z.number(),
  memoryGbHours: z.number(),
  storageGbHours: z.number(),
  cpuCost: z.number(),
  memoryCost: z.number(),
  storageCost: z.number(),
  total: z.number(),
});
export type CostAmounts = z.infer<typeof CostAmounts>;

/** A span with no metrics (metrics.k8s.io unavailable): shown as a gap, never as zero. */
export const UsageGap = z.object({ from: z.iso.datetime(), to: z.iso.datetime(), reason: z.string() });
export type UsageGap = z.infer<typeof UsageGap>;

// ---- cost.summary

export const CostSummaryInput = z.object({
  clusterId: ClusterId,
  period: CostPeriod,
  namespace: NamespaceName.optional(),
});
export type CostSummaryInput = z.infer<typeof CostSummaryInput>;

export const CostDay = CostAmounts.extend({ day: z.iso.date() });
export type CostDay = z.infer<typeof CostDay>;

export const CostSummaryOutput = z.object({
  clusterId: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  currency: Currency,
  source: CostSource,
  totals: CostAmounts,
  /** Node capacity not requested by any pod; only the cluster owner's admins see it (null otherwise). */
  idle: CostAmounts.nullable(),
  /** The same-length period just before, for the trend. */
  previousTotal: z.number(),
  /** Percent change against the previous period; null when it had no cost. */
  changePct: z.number().nullable(),
  daily: z.array(CostDay),
  gaps: z.array(UsageGap),
});
export type CostSummaryOutput = z.infer<typeof CostSummaryOutput>;

// ---- cost.breakdown

export const CostGroupBy = z.enum(["namespace", "workload", "person"]);
export type CostGroupBy = z.infer<typeof CostGroupBy>;

export const CostBreakdownInput = z.object({
  clusterId: ClusterId,
  period: CostPeriod,
  by: CostGroupBy,
  namespace: NamespaceName.optional(),
  /** Only this workload (with `namespace`). */
  workload: WorkloadRef.optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type CostBreakdownInput = z.input<typeof CostBreakdownInput>;

export const CostBreakdownRow = CostAmounts.extend({
  /** namespace, `namespace/Kind/name`, or the person's Discord id (or `guild:<id>` / `unattributed`). */
  key: z.string(),
  label: z.string(),
  namespace: z.string().nullable(),
  workload: z.string().nullable(),
  personId: z.string().nullable(),
  attribution: CostAttribution.nullable(),
  /** Share of the period's total, 0–100. */
  sharePct: z.number(),
});
export type CostBreakdownRow = z.infer<typeof CostBreakdownRow>;

export const CostBreakdownOutput = z.object({
  clusterId: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  currency: Currency,
  source: CostSource,
  by: CostGroupBy,
  rows: z.array(CostBreakdownRow),
  /** Rows beyond `limit`, summed. */
  other: CostAmounts.nullable(),
  totals: CostAmounts,
});
export type CostBreakdownOutput = z.infer<typeof CostBreakdownOutput>;

// ---- cost.person (the guide's "By User")

export const CostPersonInput = z.object({
  clusterId: ClusterId,
  period: CostPeriod,
  /** Defaults to the caller. */
  userId: Snowflake.optional(),
});
export type CostPersonInput = z.infer<typeof CostPersonInput>;

export const CostPersonOutput = z.object({
  clusterId: z.string(),
  userId: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  currency: Currency,
  namespaces: z.array(z.string()),
  /** Distinct pods seen in the period. */
  pods: z.number().int(),
  totals: CostAmounts,
  /** Each workload's share, with how it came to be this person's. */
  rows: z.array(
    CostAmounts.extend({
      namespace: z.string(),
      workload: z.string(),
      attribution: CostAttribution,
    }),
  ),
});
export type CostPersonOutput = z.infer<typeof CostPersonOutput>;

// ---- cost.usage (chart series)

export const CostUsageInput = z.object({
  clusterId: ClusterId,
  period: CostPeriod,
  namespace: NamespaceName.optional(),
});
export type CostUsageInput = z.infer<typeof CostUsageInput>;

/** One hour: usage vs requests vs capacity; nulls inside a gap. Capacity is null for tenants. */
export const UsagePoint = z.object({
  t: z.iso.datetime(),
  cpuUsageCores: z.number().nullable(),
  cpuRequestCores: z.number().nullable(),
  cpuCapacityCores: z.number().nullable(),
  memoryUsageGb: z.number().nullable(),
  memoryRequestGb: z.number().nullable(),
  memoryCapacityGb: z.number().nullable(),
  cost: z.number().nullable(),
});
export type UsagePoint = z.infer<typeof UsagePoint>;

export const CostUsageOutput = z.object({
  clusterId: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  points: z.array(UsagePoint),
  gaps: z.array(UsageGap),
});
export type CostUsageOutput = z.infer<typeof CostUsageOutput>;

// ---- cost.config

export const CostConfigGetInput = z.object({ clusterId: ClusterId });

export const CostConfig = z.object({
  clusterId: z.string(),
  prices: CostPrices,
  /** When the current prices took effect; earlier hours keep the prices of their time. */
  effectiveFrom: z.iso.datetime().nullable(),
  history: z.array(CostPrices.extend({ effectiveFrom: z.iso.datetime(), setBy: z.string() })),
  source: CostSource,
  /** OpenCost/Kubecost allocation API base URL, when set. */
  opencostUrl: z.string().nullable(),
});
export type CostConfig = z.infer<typeof CostConfig>;

export const CostConfigSetInput = z.object({
  clusterId: ClusterId,
  prices: CostPrices.partial().optional(),
  /** null removes it; checked by the outbound guard. */
  opencostUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullable()
    .optional(),
});
export type CostConfigSetInput = z.infer<typeof CostConfigSetInput>;

// ---- cost.export

export const CostExportInput = z.object({
  clusterId: ClusterId,
  period: CostPeriod,
  namespace: NamespaceName.optional(),
  format: z.literal("csv").default("csv"),
});
export type CostExportInput = z.input<typeof CostExportInput>;

/** CSV, one row per resource (namespace, workload) per day; the same bytes for web and Discord. */
export const CostExportOutput = z.object({
  filename: z.string(),
  contentType: z.literal("text/csv"),
  base64: z.string(),
  bytes: z.number().int(),
  rows: z.number().int(),
});
export type CostExportOutput = z.infer<typeof CostExportOutput>;

// ---- cost.budgets

export const BudgetScope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("guild") }),
  z.object({ kind: z.literal("namespace"), namespace: NamespaceName }),
  z.object({ kind: z.literal("person"), userId: Snowflake }),
]);
export type BudgetScope = z.infer<typeof BudgetScope>;

export const BudgetPeriod = z.enum(["day", "week", "month"]);
export type BudgetPeriod = z.infer<typeof BudgetPeriod>;

export const Budget = z.object({
  id: z.string(),
  clusterId: z.string(),
  guildId: z.string(),
  scope: BudgetScope,
  period: BudgetPeriod,
  threshold: z.number(),
  currency: Currency,
  /** Spent so far in the current period, and the forecast for its end at the current rate. */
  spent: z.number(),
  forecast: z.number(),
  /** When the forecast says the threshold is passed in this period (null: it is not). */
  exceedsOn: z.iso.datetime().nullable(),
  createdBy: z.string(),
});
export type Budget = z.infer<typeof Budget>;

export const CostBudgetsListInput = z.object({ clusterId: ClusterId });
export const CostBudgetsListOutput = z.array(Budget);

export const CostBudgetSetInput = z.object({
  clusterId: ClusterId,
  scope: BudgetScope,
  period: BudgetPeriod,
  threshold: z.number().positive().max(1e9),
});
export type CostBudgetSetInput = z.infer<typeof CostBudgetSetInput>;

export const CostBudgetDeleteInput = z.object({ clusterId: ClusterId, budgetId: z.string().min(1).max(64) });
export type CostBudgetDeleteInput = z.infer<typeof CostBudgetDeleteInput>;
