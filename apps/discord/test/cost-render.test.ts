import type {
  Budget,
  CostAmounts,
  CostBreakdownOutput,
  CostBreakdownRow,
  CostConfig,
  CostPersonOutput,
  CostSummaryOutput,
  CostUsageOutput,
} from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { barsPanelHeight } from "../src/charts/bars-panel";
import { CHART_WIDTH, costChartSvg } from "../src/charts/cost-chart";
import { pathWithBreaks } from "../src/charts/line-panel";
import { chartPng, PNG_SIGNATURE, pngSize } from "../src/charts/png";
import { niceAxis, xml } from "../src/charts/svg";
import { packId, unpackId } from "../src/commands/cluster/custom-id";
import { budgetButtons, budgetScope } from "../src/commands/cost/alert";
import { costCommand } from "../src/commands/cost/index";
import { exportPeriod, workloadRef } from "../src/commands/cost/options";
import {
  budgetLine,
  gapLines,
  renderBudgets,
  renderCostConfig,
  renderCostDeployment,
  renderCostExport,
  renderCostOverview,
  renderCostPerson,
} from "../src/render/cost";
import { coveredHours, money, quantity } from "../src/render/cost-format";

const CLUSTER = "0b4f3c2e-8d7a-4f61-9c3b-2a1e5d6f7a8b";
const FROM = "2026-11-30T00:00:00.000Z";
const TO = "2026-11-30T12:00:00.000Z";
const GAP = {
  from: "2026-11-30T06:00:00.000Z",
  to: "2026-11-30T08:00:00.000Z",
  reason: "metrics.k8s.io unavailable",
};

/** Prices 0.05 / 0.01 / 0.10, by hand: 125 core-h, 480 GiB-h, 5000 GiB-h of PVCs. */
const amounts = (over: Partial<CostAmounts> = {}): CostAmounts => ({
  cpuCoreHours: 125,
  memoryGbHours: 480,
  storageGbHours: 5000,
  cpuCost: 6.25,
  memoryCost: 4.8,
  storageCost: (5000 * 0.1) / 730,
  total: 6.25 + 4.8 + (5000 * 0.1) / 730,
  ...over,
});

const summary = (over: Partial<CostSummaryOutput> = {}): CostSummaryOutput => ({
  clusterId: CLUSTER,
  from: FROM,
  to: TO,
  currency: "USD",
  source: "clustercord",
  totals: amounts(),
  idle: null,
  previousTotal: 10,
  changePct: 17.35,
  daily: [{ ...amounts(), day: "2026-11-30" }],
  gaps: [],
  ...over,
});

const row = (over: Partial<CostBreakdownRow> = {}): CostBreakdownRow => ({
  ...amounts(),
  key: "production",
  label: "production",
  namespace: "production",
  workload: null,
  personId: null,
  attribution: null,
  sharePct: 100,
  ...over,
});

const breakdown = (
  rows: CostBreakdownRow[],
  over: Partial<CostBreakdownOutput> = {},
): CostBreakdownOutput => ({
  clusterId: CLUSTER,
  from: FROM,
  to: TO,
  currency: "USD",
  source: "clustercord",
  by: "namespace",
  rows,
  other: null,
  totals: amounts(),
  ...over,
});

/** Twelve hours, 06:00 and 07:00 inside the gap (null, never 0). */
const usage = (): CostUsageOutput => ({
  clusterId: CLUSTER,
  from: FROM,
  to: TO,
  points: Array.from({ length: 12 }, (_, h) => {
    const inGap = h === 6 || h === 7;
    return {
      t: `2026-11-30T${String(h).padStart(2, "0")}:00:00.000Z`,
      cpuUsageCores: inGap ? null : 12,
      cpuRequestCores: inGap ? null : 12.5,
      cpuCapacityCores: null,
      memoryUsageGb: inGap ? null : 40,
      memoryRequestGb: inGap ? null : 48,
      memoryCapacityGb: null,
      cost: inGap ? null : 1 + h / 8,
    };
  }),
  gaps: [GAP],
});

describe("cost numbers as text", () => {
  it("money keeps small amounts visible and quantities short", () => {
    expect(money(69, "USD")).toBe("$69.00");
    expect(money(0.6849315, "USD")).toBe("$0.6849");
    expect(money(1234.5, "EUR")).toBe("€1,234.50");
    expect(money(0, "USD")).toBe("$0.00");
    expect(quantity(12.5)).toBe("12.5");
    expect(quantity(2 / 3)).toBe("0.67");
    expect(quantity(0.004)).toBe("0.004");
  });

  it("covered hours leave out gaps, overlapping ones once, clipped to the period", () => {
    expect(coveredHours(FROM, TO, [])).toBe(12);
    expect(coveredHours(FROM, TO, [GAP])).toBe(10);
    const overlapping = [GAP, { from: "2026-11-30T07:00:00.000Z", to: "2026-11-30T09:00:00.000Z" }];
    expect(coveredHours(FROM, TO, overlapping)).toBe(9);
    expect(
      coveredHours(FROM, TO, [{ from: "2026-11-29T20:00:00.000Z", to: "2026-11-30T01:00:00.000Z" }]),
    ).toBe(11);
  });
});

describe("/cost daily", () => {
  it("shows the guide's lines: averages over the covered hours, costs, total, trend", () => {
    const embed = renderCostOverview({
      clusterName: "shared",
      kind: "day",
      summary: summary(),
      breakdown: breakdown([row()]),
    });
    const text = embed.description ?? "";
    // 125 core-hours over 12 hours; 480 GiB-hours; 5000 GiB-hours of volumes.
    expect(text).toContain("CPU: 10.42 cores ($6.25 today)");
    expect(text).toContain("Memory: 40 GiB ($4.80 today)");
    expect(text).toContain("Storage: 416.67 GiB ($0.6849 today)");
    expect(text).toContain("**Total: $11.73 today** ▲ 17.35% vs yesterday ($10.00)");
    expect(text).toMatch(
      /NAMESPACE\s+CPU\s+MEMORY\s+STORAGE\s+TOTAL\s+SHARE\nproduction\s+\$6\.25\s+\$4\.80\s+\$0\.6849\s+\$11\.73\s+100%/,
    );
    expect(text).not.toContain("Idle");
    expect(embed.title).toBe("Cost today: shared");
    expect(embed.image?.url).toBe("attachment://cost.png");
    expect(embed.footer?.text).toBe("2026-11-30 00:00 → 12:00 UTC · prices: /cost config");
  });

  it("a metrics outage is a gap: averages over the hours with metrics, and said so, not $0", () => {
    const embed = renderCostOverview({
      clusterName: "shared",
      kind: "day",
      summary: summary({ gaps: [GAP] }),
      breakdown: breakdown([row()]),
    });
    const text = embed.description ?? "";
    expect(text).toContain("CPU: 12.5 cores ($6.25 today)");
    expect(text).toContain("Memory: 48 GiB ($4.80 today)");
    expect(text).toContain(
      "⚠️ Metrics unavailable 2026-11-30 06:00 → 08:00 UTC (metrics.k8s.io unavailable).",
    );
    expect(text).toContain("not counted as zero");
    expect(embed.color).toBe(0xbf8700);
  });

  it("with the usage series, averages divide by the hours that have data (not hours before the sampler)", () => {
    const u = usage();
    // Hours 0-2 were never sampled (no gap recorded either): 12 - 2 (gap) - 3 = 7 hours with data.
    for (const p of u.points.slice(0, 3)) p.cost = null;
    const text =
      renderCostOverview({
        clusterName: "shared",
        kind: "day",
        summary: summary({ gaps: [GAP] }),
        breakdown: breakdown([row()]),
        usage: u,
      }).description ?? "";
    // 125 core-hours / 7 h; 480 GiB-hours / 7 h.
    expect(text).toContain("CPU: 17.86 cores ($6.25 today)");
    expect(text).toContain("Memory: 68.57 GiB ($4.80 today)");
  });

  it("a period that is all gap says so instead of 'no usage'", () => {
    const all = { from: FROM, to: TO, reason: "metrics-server down" };
    const zero = amounts({
      cpuCoreHours: 0,
      memoryGbHours: 0,
      storageGbHours: 0,
      cpuCost: 0,
      memoryCost: 0,
      storageCost: 0,
      total: 0,
    });
    const text =
      renderCostOverview({
        clusterName: "shared",
        kind: "day",
        summary: summary({ totals: zero, gaps: [all], changePct: null }),
        breakdown: breakdown([], { totals: zero }),
      }).description ?? "";
    expect(text).not.toContain("No usage recorded");
    expect(text).toContain("Metrics unavailable 2026-11-30 00:00 → 12:00 UTC (metrics-server down)");
    expect(text).toContain("(nothing yesterday)");
    const quiet =
      renderCostOverview({
        clusterName: "shared",
        kind: "week",
        summary: summary({ totals: zero, changePct: null }),
        breakdown: breakdown([], { totals: zero }),
      }).description ?? "";
    expect(quiet).toContain("No usage recorded this week.");
  });

  it("idle is shown to those who get it (the owner's admins), and OpenCost numbers are labelled", () => {
    const text =
      renderCostOverview({
        clusterName: "shared",
        kind: "month",
        summary: summary({ idle: amounts({ total: 3.5 }), source: "opencost" }),
        breakdown: breakdown([row()]),
      }).description ?? "";
    expect(text).toContain("Idle (node capacity no pod requested): $3.50 this month");
    expect(text).toContain("Numbers from the cluster's OpenCost allocation API.");
  });

  it("namespace: lists its workloads by their Kind/name", () => {
    const embed = renderCostOverview({
      clusterName: "shared",
      kind: "day",
      namespace: "production",
      summary: summary(),
      breakdown: breakdown(
        [
          row({
            key: "production/Deployment/api",
            label: "production/Deployment/api",
            workload: "Deployment/api",
            total: 8,
            sharePct: 68.17,
          }),
          row({
            key: "production/StatefulSet/db",
            label: "production/StatefulSet/db",
            workload: "StatefulSet/db",
            total: 3.73,
            sharePct: 31.83,
          }),
        ],
        { by: "workload" },
      ),
    });
    const text = embed.description ?? "";
    expect(text.split("\n")[0]).toBe("Namespace: `production`");
    expect(text).toMatch(
      /WORKLOAD\s+CPU.*\nDeployment\/api\s.*\$8\.00\s+68\.17%\nStatefulSet\/db\s.*\$3\.73\s+31\.83%/,
    );
    expect(embed.title).toBe("Cost today: production on shared");
  });

  it("deployment: the guide's By Deployment lines, per replica, and its share of the namespace", () => {
    const text =
      renderCostDeployment({
        clusterName: "shared",
        kind: "day",
        namespace: "production",
        workload: "Deployment/api",
        row: row({
          workload: "Deployment/api",
          cpuCoreHours: 18,
          memoryGbHours: 24,
          storageGbHours: 0,
          total: 5,
        }),
        summary: summary(),
        namespaceTotal: 20,
        replicas: 3,
      }).description ?? "";
    expect(text).toContain("Deployment: `api` (3 replicas) in `production`");
    expect(text).toContain("CPU: 1.5 cores, 0.5 cores/replica");
    expect(text).toContain("Memory: 2 GiB, 0.67 GiB/replica");
    expect(text).toContain("**Estimated cost: $5.00 today** (25% of the namespace)");
  });

  it("user: the guide's By User lines and why each workload is theirs", () => {
    const person: CostPersonOutput = {
      clusterId: CLUSTER,
      userId: "100000000000000001",
      from: FROM,
      to: TO,
      currency: "USD",
      namespaces: ["clustercord-user-100000000000000001", "team-a"],
      pods: 15,
      totals: amounts({
        cpuCoreHours: 48,
        memoryGbHours: 192,
        cpuCost: 2.4,
        memoryCost: 1.92,
        storageGbHours: 0,
        storageCost: 0,
        total: 4.32,
      }),
      rows: [
        {
          ...amounts({ total: 1.32 }),
          namespace: "team-a",
          workload: "Deployment/web",
          attribution: "created-by",
        },
        {
          ...amounts({ total: 3 }),
          namespace: "clustercord-user-100000000000000001",
          workload: "Deployment/lab",
          attribution: "personal-namespace",
        },
      ],
    };
    const embed = renderCostPerson(person, { clusterName: "shared", kind: "day", gaps: [] });
    const text = embed.description ?? "";
    expect(text).toContain("User: <@100000000000000001>");
    expect(text).toContain("Namespaces: 2 (`clustercord-user-100000000000000001`, `team-a`)");
    expect(text).toContain("Total pods: 15");
    expect(text).toContain("CPU: 4 cores ($2.40 today)");
    expect(text).toContain("Memory: 16 GiB ($1.92 today)");
    expect(text).toContain("**Total: $4.32 today**");
    // Largest first, with the attribution in words.
    expect(text).toMatch(
      /Deployment\/lab\s+clustercord-user-100000000000…\s+\$3\.00\s+personal namespace\nDeployment\/web\s+team-a\s+\$1\.32\s+created by them/,
    );
  });

  it("gap lines cap at three and say how many more", () => {
    const gaps = Array.from({ length: 5 }, (_, i) => ({ ...GAP, reason: `outage ${i}` }));
    const lines = gapLines(gaps);
    expect(lines.filter((l) => l.startsWith("⚠️"))).toHaveLength(3);
    expect(lines).toContain("…and 2 more gap(s).");
  });
});

describe("the cost chart", () => {
  const rows = [
    row({ label: "production", cpuCost: 6.25, memoryCost: 4.8, storageCost: 0.5, total: 11.55 }),
    row({ label: "staging", cpuCost: 1.25, memoryCost: 0.5, storageCost: 0, total: 1.75 }),
  ];

  it("the SVG carries every plotted value: hourly cost points and each bar segment", () => {
    const u = usage();
    const { svg, width, height } = costChartSvg({ title: "shared · today", currency: "USD", usage: u, rows });
    expect(width).toBe(CHART_WIDTH);
    for (const p of u.points) {
      if (p.cost === null) expect(svg).not.toContain(`data-t="${p.t}"`);
      else expect(svg).toContain(`data-t="${p.t}" data-value="${p.cost}"`);
    }
    expect(svg).toContain('data-label="production" data-total="11.55"');
    expect(svg).toContain('data-segment="CPU" data-value="6.25"');
    expect(svg).toContain('data-segment="memory" data-value="4.8"');
    expect(svg).toContain('data-segment="storage" data-value="0.5"');
    expect(svg).toContain('data-label="staging" data-total="1.75"');
    // The gap is shaded and labelled, and the line breaks there (two separate runs).
    expect(svg).toContain(`data-from="${GAP.from}" data-to="${GAP.to}"`);
    expect(svg).toContain("metrics unavailable");
    const d = svg.match(/class="series" data-series="cost" d="([^"]+)"/)?.[1] ?? "";
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(12 - 2 - 2);
    expect(height).toBe(Math.ceil(36 + 240 + 12 + barsPanelHeight(2) + 8));
  });

  it("escapes names in the SVG", () => {
    const { svg } = costChartSvg({ title: 'a<b>&"c"', currency: "USD", rows: [row({ label: "x<y" })] });
    expect(svg).toContain("a&lt;b&gt;&amp;&quot;c&quot;");
    expect(svg).toContain('data-label="x&lt;y"');
    expect(svg).not.toContain("<b>");
    expect(xml("'")).toBe("&apos;");
  });

  it("renders to a PNG of the SVG's size", () => {
    const chart = costChartSvg({ title: "shared · today", currency: "USD", usage: usage(), rows });
    const png = chartPng(chart);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: chart.height });
    // A real image, not an empty canvas: far more bytes than a flat background compresses to.
    expect(png.length).toBeGreaterThan(5_000);
  });

  it("paths break at nulls; axes end on round numbers", () => {
    expect(pathWithBreaks([{ x: 0, y: 1 }, { x: 1, y: 2 }, null, { x: 3, y: 4 }])).toBe("M0 1 L1 2 M3 4");
    expect(pathWithBreaks([null, null])).toBe("");
    expect(niceAxis(11.55)).toEqual({ top: 15, step: 5 });
    expect(niceAxis(0.042)).toEqual({ top: 0.06, step: 0.02 });
    expect(niceAxis(0).top).toBe(1);
  });
});

describe("/cost config, alert, export", () => {
  const config = (over: Partial<CostConfig> = {}): CostConfig => ({
    clusterId: CLUSTER,
    prices: { cpuPerCoreHour: 0.05, memoryPerGbHour: 0.01, storagePerGbMonth: 0.1, currency: "USD" },
    effectiveFrom: null,
    history: [],
    source: "clustercord",
    opencostUrl: null,
    ...over,
  });

  it("config shows the prices, since when, and the history", () => {
    const defaults = renderCostConfig(config(), { clusterName: "shared", changed: false });
    expect(defaults.description).toContain("CPU: $0.05 per core-hour");
    expect(defaults.description).toContain("Memory: $0.01 per GiB-hour");
    expect(defaults.description).toContain("Storage: $0.10 per GiB-month");
    expect(defaults.description).toContain("The defaults (never changed).");
    const changed = renderCostConfig(
      config({
        prices: { cpuPerCoreHour: 0.08, memoryPerGbHour: 0.01, storagePerGbMonth: 0.1, currency: "USD" },
        effectiveFrom: "2026-11-30T10:15:00.000Z",
        opencostUrl: "https://opencost.example.test",
        source: "opencost",
        history: [
          {
            cpuPerCoreHour: 0.08,
            memoryPerGbHour: 0.01,
            storagePerGbMonth: 0.1,
            currency: "USD",
            effectiveFrom: "2026-11-30T10:15:00.000Z",
            setBy: "100000000000000001",
          },
        ],
      }),
      { clusterName: "shared", changed: true },
    );
    expect(changed.title).toBe("Prices set on shared (USD)");
    expect(changed.description).toContain("CPU: $0.08 per core-hour");
    expect(changed.description).toContain("In effect since 2026-11-30 10:15 UTC");
    expect(changed.description).toMatch(
      /2026-11-30 10:15\s+\$0\.08\s+\$0\.01\s+\$0\.10\s+100000000000000001/,
    );
    expect(changed.description).toContain("(its numbers are used)");
  });

  const budget = (over: Partial<Budget> = {}): Budget => ({
    id: "b1",
    clusterId: CLUSTER,
    guildId: "200000000000000001",
    scope: { kind: "namespace", namespace: "production" },
    period: "day",
    threshold: 100,
    currency: "USD",
    spent: 41.2,
    forecast: 120,
    exceedsOn: "2026-11-30T20:00:00.000Z",
    createdBy: "100000000000000001",
    ...over,
  });

  it("budgets: spent, forecast and when it is passed; Delete buttons that carry the ids", () => {
    expect(budgetLine(budget())).toBe(
      "🟠 daily $100.00 for namespace `production`: $41.20 spent, forecast $120.00 · at this rate passed on 2026-11-30",
    );
    expect(budgetLine(budget({ scope: { kind: "guild" }, spent: 150, exceedsOn: null }))).toMatch(
      /^🔴 daily \$100\.00 for the whole server/,
    );
    const list = renderBudgets(
      [budget(), budget({ id: "b2", scope: { kind: "person", userId: "100000000000000002" } })],
      "shared",
    );
    expect(list.description).toContain("2. 🟠 daily $100.00 for <@100000000000000002>");
    expect(renderBudgets([], "shared").description).toContain("No budgets.");
    const rows = budgetButtons(CLUSTER, [budget(), budget({ id: "b2" })]);
    const ids = rows.flatMap((r) => r.components.map((c) => ("custom_id" in c ? c.custom_id : "")));
    expect(ids).toEqual([
      `cost-bdel:${packId(CLUSTER)}:${packId("b1")}`,
      `cost-bdel:${packId(CLUSTER)}:${packId("b2")}`,
    ]);
    const [, cluster = "", id = ""] = ids[0]?.split(":") ?? [];
    expect([unpackId(cluster), unpackId(id)]).toEqual([CLUSTER, "b1"]);
    expect(
      budgetButtons(
        CLUSTER,
        Array.from({ length: 30 }, (_, i) => budget({ id: `b${i}` })),
      ),
    ).toHaveLength(5);
  });

  it("a budget is for the server, a namespace or a person, never both", () => {
    expect(budgetScope(undefined, undefined)).toEqual({ kind: "guild" });
    expect(budgetScope("prod", undefined)).toEqual({ kind: "namespace", namespace: "prod" });
    expect(budgetScope(undefined, "100000000000000002")).toEqual({
      kind: "person",
      userId: "100000000000000002",
    });
    expect(() => budgetScope("prod", "100000000000000002")).toThrow(/not both/);
  });

  it("export attaches the decoded bytes under the API's filename", () => {
    const csv = 'day,namespace\r\n2026-11-30,"a,b"\r\n';
    const { file, embed } = renderCostExport(
      {
        filename: "clustercord-cost-shared-2026-11-01-2026-12-01.csv",
        contentType: "text/csv",
        base64: Buffer.from(csv).toString("base64"),
        bytes: csv.length,
        rows: 1,
      },
      "shared",
    );
    expect(file.name).toBe("clustercord-cost-shared-2026-11-01-2026-12-01.csv");
    expect(Buffer.compare(file.attachment as Buffer, Buffer.from(csv))).toBe(0);
    expect(embed.description).toContain("1 row(s)");
  });

  it("export periods: the API's kinds, whole UTC days back, or from/to", () => {
    const now = new Date("2026-11-30T13:45:00.000Z");
    expect(exportPeriod(undefined, {}, now)).toEqual({ kind: "month" });
    expect(exportPeriod("weekly", {}, now)).toEqual({ kind: "week" });
    expect(exportPeriod("last_30_days", {}, now)).toEqual({
      kind: "custom",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
    });
    // The same all day long: the file is the same for the same day.
    expect(exportPeriod("last_7_days", {}, new Date("2026-11-30T00:00:01Z"))).toEqual(
      exportPeriod("last_7_days", {}, new Date("2026-11-30T23:59:59Z")),
    );
    expect(exportPeriod(undefined, { from: "2026-10-01", to: "2026-10-31" }, now)).toEqual({
      kind: "custom",
      from: "2026-10-01T00:00:00.000Z",
      to: "2026-11-01T00:00:00.000Z",
    });
    expect(() => exportPeriod(undefined, { from: "2026-10-01" }, now)).toThrow(/both from: and to:/);
    expect(() => exportPeriod(undefined, { from: "2026-10-01", to: "Oct 31" }, now)).toThrow(
      /to: must be a date/,
    );
    expect(() => exportPeriod(undefined, { from: "2026-10-05", to: "2026-10-01" }, now)).toThrow(
      /on or after/,
    );
  });

  it("deployment: a bare name is a Deployment", () => {
    expect(workloadRef("api")).toBe("Deployment/api");
    expect(workloadRef(" StatefulSet/db ")).toBe("StatefulSet/db");
  });
});

describe("the /cost definition", () => {
  const def = costCommand.definition;
  const subs = (def.options ?? []) as {
    name: string;
    options?: { name: string; type: number; autocomplete?: boolean }[];
  }[];

  it("has the guide's subcommands and options", () => {
    expect(subs.map((s) => s.name)).toEqual(["daily", "weekly", "monthly", "config", "alert", "export"]);
    const opts = (name: string) =>
      subs.find((s) => s.name === name)?.options?.map((o) => [o.name, o.type, o.autocomplete ?? false]);
    expect(opts("daily")).toEqual([
      ["namespace", 3, true],
      ["deployment", 3, true],
      ["user", 6, false],
      ["cluster", 3, true],
    ]);
    expect(opts("config")?.map((o) => o[0])).toEqual([
      "cpu_per_core_hour",
      "memory_per_gb_hour",
      "storage_per_gb_month",
      "currency",
      "opencost_url",
      "cluster",
    ]);
    expect(opts("alert")?.map((o) => o[0])).toEqual([
      "type",
      "threshold",
      "period",
      "namespace",
      "user",
      "cluster",
    ]);
    expect(opts("export")?.map((o) => o[0])).toEqual([
      "format",
      "period",
      "from",
      "to",
      "namespace",
      "cluster",
    ]);
    expect(costCommand.ephemeral).toBe(true);
  });
});
