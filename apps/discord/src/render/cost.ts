import type {
  Budget,
  CostAmounts,
  CostBreakdownOutput,
  CostBreakdownRow,
  CostConfig,
  CostExportOutput,
  CostPeriod,
  CostPersonOutput,
  CostSummaryOutput,
  CostUsageOutput,
  UsageGap,
} from "@clustercord/contracts";
import type { APIEmbed, AttachmentPayload } from "discord.js";
import { average, coveredHours, dataHours, money, periodPhrase, quantity, spanText } from "./cost-format";
import { table } from "./helm";
import { code, colors, embedLimits, plain } from "./style";

/** Rows listed under the totals (the chart draws as many). */
export const COST_TOP_ROWS = 8;
const ATTRIBUTION_WORDS: Record<string, string> = {
  "personal-namespace": "personal namespace",
  "created-by": "created by them",
  guild: "the server's namespace",
  unattributed: "unattributed",
};

const inCodeBlock = (text: string) => `\`\`\`\n${text.replaceAll("```", "'''")}\n\`\`\``;
const cell = (text: string, max = 40) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The guide's three usage lines: `CPU: 12.5 cores ($30.00 today)`, memory in GiB, storage in GiB of PVCs. */
export function resourceLines(
  amounts: CostAmounts,
  hours: number,
  currency: string,
  phrase: string,
  perReplica?: number,
): string[] {
  const each = (avg: number, unit: string) =>
    perReplica && perReplica > 1 ? `, ${quantity(avg / perReplica)}${unit}/replica` : "";
  const cpu = average(amounts.cpuCoreHours, hours);
  const memory = average(amounts.memoryGbHours, hours);
  const storage = average(amounts.storageGbHours, hours);
  return [
    `CPU: ${quantity(cpu)} cores${each(cpu, " cores")} (${money(amounts.cpuCost, currency)} ${phrase})`,
    `Memory: ${quantity(memory)} GiB${each(memory, " GiB")} (${money(amounts.memoryCost, currency)} ${phrase})`,
    `Storage: ${quantity(storage)} GiB (${money(amounts.storageCost, currency)} ${phrase})`,
  ];
}

/** `⚠️ Metrics unavailable …` lines: a gap is not zero cost, and the reply says so. */
export function gapLines(gaps: readonly UsageGap[], max = 3): string[] {
  if (gaps.length === 0) return [];
  const lines = gaps
    .slice(0, max)
    .map((g) => `⚠️ Metrics unavailable ${spanText(g.from, g.to)} (${plain(g.reason, 120)}).`);
  if (gaps.length > max) lines.push(`…and ${gaps.length - max} more gap(s).`);
  lines.push("Those hours are missing from the numbers, not counted as zero.");
  return lines;
}

/** `▲ 12% vs the previous day`, or nothing when the previous period had no cost. */
export function trendText(
  summary: Pick<CostSummaryOutput, "changePct" | "previousTotal" | "currency">,
  kind: CostPeriod["kind"],
): string {
  const before = { day: "yesterday", week: "last week", month: "last month", custom: "the period before" }[
    kind
  ];
  if (summary.changePct === null) return `(nothing ${before})`;
  const arrow = summary.changePct > 0 ? "▲" : summary.changePct < 0 ? "▼" : "=";
  return `${arrow} ${quantity(Math.abs(summary.changePct))}% vs ${before} (${money(summary.previousTotal, summary.currency)})`;
}

const sourceLine = (source: string) =>
  source === "opencost" ? "Numbers from the cluster's OpenCost allocation API." : "";

/** The rows table: NAME, CPU, MEMORY, STORAGE, TOTAL, SHARE (the chart's bars, in the same order). */
export function rowsTable(
  rows: readonly Pick<
    CostBreakdownRow,
    "label" | "cpuCost" | "memoryCost" | "storageCost" | "total" | "sharePct"
  >[],
  currency: string,
  nameHeader: string,
): string {
  const m = (n: number) => money(n, currency);
  return table(
    [nameHeader, "CPU", "MEMORY", "STORAGE", "TOTAL", "SHARE"],
    rows.map((r) => [
      cell(r.label),
      m(r.cpuCost),
      m(r.memoryCost),
      m(r.storageCost),
      m(r.total),
      `${quantity(r.sharePct)}%`,
    ]),
  );
}

export interface OverviewView {
  clusterName: string;
  kind: CostPeriod["kind"];
  summary: CostSummaryOutput;
  /** By namespace (cluster-wide) or by workload (in `namespace`). */
  breakdown: CostBreakdownOutput;
  namespace?: string | undefined;
  /** cost.usage for the same scope: its hours with data are what averages divide by. */
  usage?: Pick<CostUsageOutput, "points"> | undefined;
}

/** Hours the averages divide by: those with data in the series, else the period less its gaps. */
export const averagingHours = (
  s: { from: string; to: string; gaps: readonly UsageGap[] },
  usage?: Pick<CostUsageOutput, "points"> | undefined,
) => (usage ? dataHours(usage.points) : coveredHours(s.from, s.to, s.gaps));

/**
 * `/cost daily|weekly|monthly [namespace:]`: the guide's "By Namespace" lines
 * (CPU, memory, storage and total), the trend, idle (owner's admins only),
 * the top rows and any gaps.
 */
export function renderCostOverview(view: OverviewView): APIEmbed {
  const { summary, breakdown } = view;
  const phrase = periodPhrase(view.kind);
  const hours = averagingHours(summary, view.usage);
  const lines: string[] = [];
  if (view.namespace) lines.push(`Namespace: ${code(view.namespace, 70)}`);
  lines.push(...resourceLines(summary.totals, hours, summary.currency, phrase));
  lines.push(
    `**Total: ${money(summary.totals.total, summary.currency)} ${phrase}** ${trendText(summary, view.kind)}`,
  );
  if (summary.idle) {
    lines.push(
      `Idle (node capacity no pod requested): ${money(summary.idle.total, summary.currency)} ${phrase}, not spread over namespaces.`,
    );
  }
  const top = breakdown.rows.slice(0, COST_TOP_ROWS);
  if (top.length) {
    const header =
      breakdown.by === "workload" ? "WORKLOAD" : breakdown.by === "person" ? "PERSON" : "NAMESPACE";
    lines.push("", `Top ${breakdown.by === "workload" ? "workloads" : "namespaces"}:`);
    lines.push(
      inCodeBlock(
        rowsTable(
          top.map((r) => ({ ...r, label: rowLabel(r) })),
          summary.currency,
          header,
        ),
      ),
    );
    const more = breakdown.rows.length - top.length + (breakdown.other ? 1 : 0);
    if (more > 0) lines.push(`…and more (${money(restTotal(breakdown, top), summary.currency)}).`);
  } else if (summary.totals.total === 0 && summary.gaps.length === 0) {
    lines.push("", `No usage recorded ${phrase}.`);
  }
  lines.push(...gapLines(summary.gaps).map((l, i) => (i === 0 ? `\n${l}` : l)));
  const source = sourceLine(summary.source);
  if (source) lines.push(source);
  const where = view.namespace ? `${view.namespace} on ${view.clusterName}` : view.clusterName;
  return {
    title: `Cost ${phrase}: ${plain(where, 150)}`.slice(0, 256),
    color: summary.gaps.length ? colors.warn : colors.brand,
    description: lines.join("\n").slice(0, embedLimits.description),
    footer: { text: `${spanText(summary.from, summary.to)} · prices: /cost config` },
    image: { url: `attachment://${COST_CHART_FILE}` },
  };
}

/** The row as people read it: the workload without its namespace when the table is one namespace's. */
export const rowLabel = (r: Pick<CostBreakdownRow, "label" | "workload">) => r.workload ?? r.label;

const restTotal = (b: CostBreakdownOutput, shown: readonly CostBreakdownRow[]) =>
  b.totals.total - shown.reduce((a, r) => a + r.total, 0);

export const COST_CHART_FILE = "cost.png";

export interface DeploymentView {
  clusterName: string;
  kind: CostPeriod["kind"];
  namespace: string;
  /** `Kind/name`. */
  workload: string;
  /** The workload's row (null: no cost recorded for it in the period). */
  row: CostBreakdownRow | null;
  summary: Pick<CostSummaryOutput, "from" | "to" | "gaps" | "currency" | "source">;
  /** The namespace's total in the period, for the workload's share. */
  namespaceTotal: number;
  /** Desired replicas now (the resource browser's Ready column), when known. */
  replicas: number | null;
  /** cost.usage of the namespace (averaging hours). */
  usage?: Pick<CostUsageOutput, "points"> | undefined;
}

/** `/cost deployment: namespace:`: the guide's "By Deployment" lines. */
export function renderCostDeployment(view: DeploymentView): APIEmbed {
  const phrase = periodPhrase(view.kind);
  const [kind, name] = view.workload.split("/");
  const replicas =
    view.replicas === null ? "" : ` (${view.replicas} replica${view.replicas === 1 ? "" : "s"})`;
  const lines = [`${kind}: ${code(name ?? view.workload, 120)}${replicas} in ${code(view.namespace, 70)}`];
  if (view.row) {
    lines.push(
      ...resourceLines(
        view.row,
        averagingHours(view.summary, view.usage),
        view.summary.currency,
        phrase,
        view.replicas ?? undefined,
      ),
      `**Estimated cost: ${money(view.row.total, view.summary.currency)} ${phrase}**${view.namespaceTotal > 0 ? ` (${quantity((view.row.total / view.namespaceTotal) * 100)}% of the namespace)` : ""}`,
    );
  } else {
    lines.push(`No usage recorded for it ${phrase}.`);
  }
  lines.push(...gapLines(view.summary.gaps).map((l, i) => (i === 0 ? `\n${l}` : l)));
  const source = sourceLine(view.summary.source);
  if (source) lines.push(source);
  return {
    title: `Cost ${phrase}: ${plain(view.workload, 150)}`.slice(0, 256),
    color: view.summary.gaps.length ? colors.warn : colors.brand,
    description: lines.join("\n").slice(0, embedLimits.description),
    footer: { text: `${spanText(view.summary.from, view.summary.to)} · ${view.clusterName}` },
    image: { url: `attachment://${COST_CHART_FILE}` },
  };
}

/** `/cost user:@person`: the guide's "By User", with how each workload came to be theirs. */
export function renderCostPerson(
  person: CostPersonOutput,
  options: {
    clusterName: string;
    kind: CostPeriod["kind"];
    gaps: readonly UsageGap[];
    usage?: Pick<CostUsageOutput, "points"> | undefined;
  },
): APIEmbed {
  const phrase = periodPhrase(options.kind);
  const hours = averagingHours({ from: person.from, to: person.to, gaps: options.gaps }, options.usage);
  const lines = [
    `User: <@${person.userId}>`,
    `Namespaces: ${person.namespaces.length}${
      person.namespaces.length
        ? ` (${person.namespaces
            .slice(0, 5)
            .map((n) => code(n, 70))
            .join(", ")}${person.namespaces.length > 5 ? ", …" : ""})`
        : ""
    }`,
    `Total pods: ${person.pods}`,
    ...resourceLines(person.totals, hours, person.currency, phrase),
    `**Total: ${money(person.totals.total, person.currency)} ${phrase}**`,
  ];
  const rows = [...person.rows].sort((a, b) => b.total - a.total).slice(0, COST_TOP_ROWS);
  if (rows.length) {
    lines.push(
      "",
      inCodeBlock(
        table(
          ["WORKLOAD", "NAMESPACE", "TOTAL", "WHY THEIRS"],
          rows.map((r) => [
            cell(r.workload),
            cell(r.namespace, 30),
            money(r.total, person.currency),
            ATTRIBUTION_WORDS[r.attribution] ?? r.attribution,
          ]),
        ),
      ),
    );
    if (person.rows.length > rows.length) lines.push(`…and ${person.rows.length - rows.length} more.`);
  }
  lines.push(...gapLines(options.gaps).map((l, i) => (i === 0 ? `\n${l}` : l)));
  return {
    title: `Cost ${phrase} by person`,
    color: options.gaps.length ? colors.warn : colors.brand,
    description: lines.join("\n").slice(0, embedLimits.description),
    footer: { text: `${spanText(person.from, person.to)} · ${options.clusterName}` },
    image: { url: `attachment://${COST_CHART_FILE}` },
  };
}

/** Person rows as the chart's bars (largest first, as the table). */
export const personChartRows = (person: CostPersonOutput) =>
  [...person.rows].sort((a, b) => b.total - a.total).map((r) => ({ ...r, label: r.workload }));

const priceLines = (p: CostConfig["prices"]) => [
  `CPU: ${money(p.cpuPerCoreHour, p.currency)} per core-hour`,
  `Memory: ${money(p.memoryPerGbHour, p.currency)} per GiB-hour`,
  `Storage: ${money(p.storagePerGbMonth, p.currency)} per GiB-month`,
];

/** `/cost config`: the prices in effect, since when, their history and the OpenCost URL. */
export function renderCostConfig(
  config: CostConfig,
  options: { clusterName: string; changed: boolean },
): APIEmbed {
  const lines = [...priceLines(config.prices)];
  lines.push(
    config.effectiveFrom
      ? `In effect since ${spanText(config.effectiveFrom, config.effectiveFrom).slice(0, 16)} UTC; earlier hours keep the prices of their time.`
      : "The defaults (never changed).",
  );
  lines.push(
    config.opencostUrl
      ? `OpenCost: ${code(config.opencostUrl, 300)}${config.source === "opencost" ? " (its numbers are used)" : ""}`
      : "OpenCost: not set (ClusterCord's own sampler).",
  );
  if (config.history.length) {
    lines.push(
      "",
      "History:",
      inCodeBlock(
        table(
          ["FROM (UTC)", "CPU/h", "MEM/GiB-h", "STORAGE/GiB-mo", "BY"],
          config.history
            .slice(0, 10)
            .map((h) => [
              new Date(h.effectiveFrom).toISOString().slice(0, 16).replace("T", " "),
              money(h.cpuPerCoreHour, h.currency),
              money(h.memoryPerGbHour, h.currency),
              money(h.storagePerGbMonth, h.currency),
              cell(h.setBy, 24),
            ]),
        ),
      ),
    );
  }
  if (!options.changed) {
    lines.push(
      "Admins change them with `/cost config cpu_per_core_hour: memory_per_gb_hour: storage_per_gb_month:`.",
    );
  }
  return {
    title:
      `${options.changed ? "Prices set" : "Prices"} on ${plain(options.clusterName, 100)} (${config.prices.currency})`.slice(
        0,
        256,
      ),
    color: options.changed ? colors.ok : colors.brand,
    description: lines.join("\n").slice(0, embedLimits.description),
  };
}

const PERIOD_WORDS = { day: "daily", week: "weekly", month: "monthly" } as const;

/** `namespace prod`, `<@id>`, or `the whole server`. */
export function scopeText(scope: Budget["scope"]): string {
  if (scope.kind === "namespace") return `namespace ${code(scope.namespace, 70)}`;
  if (scope.kind === "person") return `<@${scope.userId}>`;
  return "the whole server";
}

/** One budget: threshold, spent so far, forecast, and when it is passed at this rate. */
export function budgetLine(b: Budget): string {
  const m = (n: number) => money(n, b.currency);
  const exceeded = b.spent >= b.threshold;
  const when = b.exceedsOn
    ? ` · at this rate passed on ${new Date(b.exceedsOn).toISOString().slice(0, 10)}`
    : "";
  return `${exceeded ? "🔴" : b.exceedsOn ? "🟠" : "🟢"} ${PERIOD_WORDS[b.period]} ${m(b.threshold)} for ${scopeText(b.scope)}: ${m(b.spent)} spent, forecast ${m(b.forecast)}${when}`;
}

/** `/cost alert` without a threshold: the server's budgets (Delete buttons come with it). */
export function renderBudgets(budgets: readonly Budget[], clusterName: string): APIEmbed {
  const lines = budgets.slice(0, 20).map((b, i) => `${i + 1}. ${budgetLine(b)}`);
  if (budgets.length > 20) lines.push(`…and ${budgets.length - 20} more (the web's Cost page lists all).`);
  return {
    title: `Budgets on ${plain(clusterName, 100)}`.slice(0, 256),
    color: budgets.some((b) => b.spent >= b.threshold) ? colors.warn : colors.brand,
    description: (lines.length
      ? lines.join("\n")
      : "No budgets. Add one with `/cost alert type:budget threshold:100 period:daily`."
    ).slice(0, embedLimits.description),
    footer: {
      text: "Subscribers get a DM once per period when one is passed, and when the forecast passes it.",
    },
  };
}

/** `/cost alert type:budget threshold: period:`: the budget as saved. */
export function renderBudgetSet(b: Budget): APIEmbed {
  return {
    title: "Budget set",
    color: colors.ok,
    description: `${budgetLine(b)}\nA DM goes out once per period when it is passed, and earlier when the forecast passes it.`,
  };
}

/** `/cost export`: a line about the file and the file, its bytes exactly as cost.export made them. */
export function renderCostExport(
  out: CostExportOutput,
  clusterName: string,
): { embed: APIEmbed; file: AttachmentPayload } {
  const kb = Math.max(1, Math.ceil(out.bytes / 1024));
  return {
    embed: {
      color: colors.brand,
      description: `Cost export for ${plain(clusterName, 100)}: ${out.rows} row(s), one per resource per day, ${code(out.filename, 150)} (${kb} KiB).`,
    },
    file: { attachment: Buffer.from(out.base64, "base64"), name: out.filename },
  };
}
