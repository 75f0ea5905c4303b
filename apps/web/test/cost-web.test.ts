import type { CostAmounts, CostBreakdownOutput, UsagePoint } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  attributionLabel,
  breakdownRows,
  budgetFromForm,
  budgetScopeLabel,
  budgetUsedPct,
  dailyChartData,
  formatInstant,
  formatMoney,
  formatNumber,
  gapNotes,
  hasUsage,
  hasValues,
  last24Hours,
  periodFromForm,
  priceFormOf,
  pricesFromForm,
  safeFilename,
  timeTick,
  topRows,
  trendOf,
  usageChartData,
} from "../src/components/cost/format";
import { areaOf, breadcrumbTrail, navAreas } from "../src/components/shell/areas";

const amounts = (cpuCost: number, memoryCost: number, storageCost = 0): CostAmounts => ({
  cpuCoreHours: cpuCost * 20,
  memoryGbHours: memoryCost * 100,
  storageGbHours: storageCost * 7200,
  cpuCost,
  memoryCost,
  storageCost,
  total: cpuCost + memoryCost + storageCost,
});

const point = (t: string, cpu: number | null, capacity: number | null = 8): UsagePoint => ({
  t,
  cpuUsageCores: cpu,
  cpuRequestCores: cpu === null ? null : cpu + 0.5,
  cpuCapacityCores: capacity,
  memoryUsageGb: cpu === null ? null : cpu * 2,
  memoryRequestGb: cpu === null ? null : cpu * 2 + 1,
  memoryCapacityGb: capacity === null ? null : 32,
  cost: cpu === null ? null : cpu * 0.05,
});

describe("periodFromForm", () => {
  it("asks for day, week and month as they are", () => {
    expect(periodFromForm("week", "", "")).toEqual({ period: { kind: "week" } });
  });

  it("turns two calendar days into instants, both days included", () => {
    expect(periodFromForm("custom", "2026-11-01", "2026-11-30")).toEqual({
      period: { kind: "custom", from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" },
    });
  });

  it("names what is wrong with a custom period", () => {
    expect(periodFromForm("custom", "", "2026-11-30").problem).toMatch(/first day/);
    expect(periodFromForm("custom", "2026-11-30", "2026-11-01").problem).toMatch(/not be before/);
    expect(periodFromForm("custom", "2025-01-01", "2026-11-30").problem).toMatch(/at most 400 days/);
  });
});

describe("money, numbers and instants", () => {
  it("shows cents, and four decimals under one unit", () => {
    expect(formatMoney(1234.5, "USD")).toBe("$1,234.50");
    expect(formatMoney(0.0123, "USD")).toBe("$0.0123");
    expect(formatMoney(0, "EUR")).toBe("€0.00");
  });

  it("still shows an amount in a currency Intl does not know", () => {
    expect(formatMoney(2, "XQQ")).toMatch(/2\.00/);
  });

  it("trims numbers and writes instants in UTC", () => {
    expect(formatNumber(1.5)).toBe("1.5");
    expect(formatNumber(0.12345, 2)).toBe("0.12");
    expect(formatInstant("2026-11-30T10:05:00.000Z")).toBe("2026-11-30 10:05 UTC");
  });
});

describe("trendOf", () => {
  it("calls more spending bad and less good, with the previous total", () => {
    expect(trendOf({ changePct: 12.345, previousTotal: 10, currency: "USD" })).toEqual({
      text: "+12.3% vs the previous period ($10.00)",
      tone: "bad",
    });
    expect(trendOf({ changePct: -50, previousTotal: 10, currency: "USD" }).tone).toBe("good");
  });

  it("says when there is nothing to compare with", () => {
    expect(trendOf({ changePct: null, previousTotal: 0, currency: "USD" }).text).toBe(
      "No cost in the previous period",
    );
  });
});

describe("usageChartData: the lines break at gaps, never drop to zero", () => {
  it("keeps the API's nulls and sorts by time", () => {
    const data = usageChartData([
      point("2026-11-30T02:00:00Z", 1),
      point("2026-11-30T00:00:00Z", 2),
      point("2026-11-30T01:00:00Z", null),
    ]);
    expect(data.map((d) => d.cpuUsage)).toEqual([2, null, 1]);
    expect(data.map((d) => d.cpuRequest)).toEqual([2.5, null, 1.5]);
    expect(data[0]?.t).toBe(Date.parse("2026-11-30T00:00:00Z"));
  });

  it("adds an empty point in a gap the API left without points", () => {
    const data = usageChartData(
      [point("2026-11-30T00:00:00Z", 1), point("2026-11-30T05:00:00Z", 1)],
      [{ from: "2026-11-30T01:00:00Z", to: "2026-11-30T04:00:00Z", reason: "metrics-server down" }],
    );
    expect(data.map((d) => [d.iso, d.cpuUsage])).toEqual([
      ["2026-11-30T00:00:00Z", 1],
      ["2026-11-30T01:00:00.000Z", null],
      ["2026-11-30T05:00:00Z", 1],
    ]);
  });

  it("adds nothing when the gap's hours already came as nulls", () => {
    const data = usageChartData(
      [point("2026-11-30T00:00:00Z", 1), point("2026-11-30T01:00:00Z", null)],
      [{ from: "2026-11-30T01:00:00Z", to: "2026-11-30T02:00:00Z", reason: "" }],
    );
    expect(data).toHaveLength(2);
  });

  it("knows when a tenant has no capacity line", () => {
    const data = usageChartData([point("2026-11-30T00:00:00Z", 1, null)]);
    expect(hasValues(data, "cpuCapacity")).toBe(false);
    expect(hasValues(data, "cpuUsage")).toBe(true);
  });

  it("ticks hours within two days, days beyond", () => {
    const t = Date.parse("2026-11-30T13:00:00Z");
    expect(timeTick(86_400_000)(t)).toBe("13:00");
    expect(timeTick(30 * 86_400_000)(t)).toBe("11-30");
  });
});

describe("what the dashboard asks and draws", () => {
  it("asks for the last 24 whole hours, the current one included", () => {
    expect(last24Hours(new Date("2026-11-30T13:20:00Z"))).toEqual({
      kind: "custom",
      from: "2026-11-29T14:00:00.000Z",
      to: "2026-11-30T14:00:00.000Z",
    });
  });

  it("draws an answer with a number or a gap, not one of nulls only", () => {
    expect(hasUsage({ points: [point("2026-11-30T00:00:00Z", null)], gaps: [] })).toBe(false);
    expect(hasUsage({ points: [point("2026-11-30T00:00:00Z", 0)], gaps: [] })).toBe(true);
    expect(
      hasUsage({
        points: [],
        gaps: [{ from: "2026-11-30T00:00:00Z", to: "2026-11-30T01:00:00Z", reason: "" }],
      }),
    ).toBe(true);
  });
});

describe("gapNotes", () => {
  it("says when metrics were unavailable, oldest first, with the reason", () => {
    expect(
      gapNotes([
        { from: "2026-11-30T05:00:00Z", to: "2026-11-30T06:00:00Z", reason: "" },
        { from: "2026-11-29T01:00:00Z", to: "2026-11-29T03:30:00Z", reason: "metrics.k8s.io: 503" },
      ]),
    ).toEqual([
      "Metrics unavailable from 2026-11-29 01:00 UTC to 2026-11-29 03:30 UTC (metrics.k8s.io: 503).",
      "Metrics unavailable from 2026-11-30 05:00 UTC to 2026-11-30 06:00 UTC.",
    ]);
  });
});

const alice: CostBreakdownOutput["rows"][number] = {
  ...amounts(3, 1, 0.5),
  key: "100000000000000001",
  label: "Alice Admin",
  namespace: null,
  workload: null,
  personId: "100000000000000001",
  attribution: "created-by",
  sharePct: 60,
};

const breakdown: Pick<CostBreakdownOutput, "rows" | "other" | "totals"> = {
  rows: [
    alice,
    {
      ...amounts(1, 0.5),
      key: "guild:200000000000000001",
      label: "",
      namespace: null,
      workload: null,
      personId: null,
      attribution: "guild",
      sharePct: 20,
    },
  ],
  other: amounts(1, 0.5),
  totals: amounts(5, 2, 0.5),
};

describe("breakdownRows: the chart and the table show the same numbers", () => {
  it("keeps the API's order and amounts, and adds Other last with its share", () => {
    const rows = breakdownRows(breakdown);
    expect(rows.map((r) => [r.key, r.label, r.cpu, r.memory, r.storage, r.total])).toEqual([
      ["100000000000000001", "Alice Admin", 3, 1, 0.5, 4.5],
      ["guild:200000000000000001", "Server 200000000000000001", 1, 0.5, 0, 1.5],
      ["other", "Other", 1, 0.5, 0, 1.5],
    ]);
    expect(rows[2]?.sharePct).toBe(20);
    expect(rows[0]?.attribution).toBe("created-by");
  });

  it("leaves Other out of the top list, and out when it is zero", () => {
    expect(topRows(breakdown, 5).map((r) => r.key)).toEqual([
      "100000000000000001",
      "guild:200000000000000001",
    ]);
    expect(breakdownRows({ ...breakdown, other: amounts(0, 0) })).toHaveLength(2);
  });

  it("names unattributed cost and how a number became a person's", () => {
    const [row] = breakdownRows({
      rows: [{ ...alice, key: "unattributed", label: "", attribution: "unattributed" }],
      other: null,
      totals: breakdown.totals,
    });
    expect(row?.label).toBe("Unattributed");
    expect(attributionLabel("personal-namespace")).toBe("personal namespace");
    expect(attributionLabel(null)).toBe("");
  });

  it("orders the daily chart by day", () => {
    const rows = dailyChartData({
      daily: [
        { ...amounts(2, 1), day: "2026-11-02" },
        { ...amounts(1, 1), day: "2026-11-01" },
      ],
    });
    expect(rows.map((r) => [r.label, r.total])).toEqual([
      ["2026-11-01", 2],
      ["2026-11-02", 3],
    ]);
  });
});

describe("pricesFromForm", () => {
  const form = priceFormOf({
    cpuPerCoreHour: 0.05,
    memoryPerGbHour: 0.01,
    storagePerGbMonth: 0.1,
    currency: "USD",
  });

  it("round-trips the prices in effect, the currency upper-cased", () => {
    expect(pricesFromForm({ ...form, currency: "eur" })).toEqual({
      prices: { cpuPerCoreHour: 0.05, memoryPerGbHour: 0.01, storagePerGbMonth: 0.1, currency: "EUR" },
    });
  });

  it("names the field that is wrong", () => {
    expect(pricesFromForm({ ...form, cpu: "cheap" }).problem).toBe(
      "CPU price per core-hour: enter a number.",
    );
    expect(pricesFromForm({ ...form, memory: "-1" }).problem).toMatch(/^Memory price per GiB-hour: /);
    expect(pricesFromForm({ ...form, currency: "dollars" }).problem).toMatch(/^Currency: .*ISO 4217/);
  });
});

describe("budgetFromForm", () => {
  const base = {
    scope: "guild" as const,
    namespace: "",
    userId: "",
    period: "month" as const,
    threshold: "50",
  };

  it("builds cost.budgets.set's input for each scope", () => {
    expect(budgetFromForm("c1", base)).toEqual({
      input: { clusterId: "c1", scope: { kind: "guild" }, period: "month", threshold: 50 },
    });
    expect(budgetFromForm("c1", { ...base, scope: "namespace", namespace: " shop " }).input?.scope).toEqual({
      kind: "namespace",
      namespace: "shop",
    });
    expect(
      budgetFromForm("c1", { ...base, scope: "person", userId: "100000000000000001" }).input?.scope,
    ).toEqual({ kind: "person", userId: "100000000000000001" });
  });

  it("names what is wrong", () => {
    expect(budgetFromForm("c1", { ...base, scope: "namespace", namespace: "Shop!" }).problem).toMatch(
      /^Namespace/,
    );
    expect(budgetFromForm("c1", { ...base, scope: "person", userId: "alice" }).problem).toMatch(/^Person/);
    expect(budgetFromForm("c1", { ...base, threshold: "0" }).problem).toMatch(/^Threshold: .*above zero/);
    expect(budgetFromForm("c1", { ...base, threshold: "" }).problem).toMatch(/^Threshold/);
  });

  it("labels scopes and fills the meter up to the threshold", () => {
    expect(budgetScopeLabel({ kind: "namespace", namespace: "shop" })).toBe("Namespace shop");
    expect(budgetScopeLabel({ kind: "guild" })).toBe("Whole server");
    expect(budgetUsedPct({ spent: 25, threshold: 50 })).toBe(50);
    expect(budgetUsedPct({ spent: 80, threshold: 50 })).toBe(100);
  });
});

describe("safeFilename", () => {
  it("keeps the API's name and drops paths and control characters", () => {
    expect(safeFilename("cost-prod-2026-11.csv")).toBe("cost-prod-2026-11.csv");
    expect(safeFilename('../../etc/"x\u0007.csv')).toBe("x.csv");
    expect(safeFilename("/")).toBe("cost.csv");
  });
});

describe("the Cost area in the shell", () => {
  it("is a cluster area reached with g $", () => {
    expect(navAreas({ clusterId: null, role: "admin" }).some((a) => a.id === "cost")).toBe(false);
    const cost = navAreas({ clusterId: "c 1", role: "viewer" }).find((a) => a.id === "cost");
    expect(cost).toMatchObject({ href: "/clusters/c%201/cost", key: "$", group: "cluster" });
  });

  it("marks the Cost page and ends its breadcrumb with Cost", () => {
    expect(areaOf("/clusters/abc/cost")).toBe("cost");
    expect(breadcrumbTrail("/clusters/abc/cost", "prod")).toEqual([
      { label: "Clusters", href: "/clusters" },
      { label: "prod", href: "/clusters/abc" },
      { label: "Cost" },
    ]);
  });
});
