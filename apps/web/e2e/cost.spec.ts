import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type {
  AuditListOutput,
  Budget,
  CostBreakdownOutput,
  CostConfig,
  CostExportOutput,
  CostSummaryOutput,
  CostUsageOutput,
} from "@clustercord/contracts";
import { openDatabase, type PrismaClient } from "@clustercord/db";
import { createTestDatabase } from "@clustercord/testenv";
import { type Stack, startStack } from "@clustercord/testenv/stack";
import type { Page } from "@playwright/test";
import { addLocalCluster, test as base, expect, removeCluster, signInTo } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const HOUR = 3_600_000;

/**
 * This spec's product runs on the machine's PostgreSQL (not an embedded
 * database the web server owns), so the test can write usage rows for the
 * cluster it added while the server runs, as the sampler's rollup would.
 */
const test = base.extend<object, { databaseUrl: string; stack: Stack }>({
  databaseUrl: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const db = await createTestDatabase("postgres");
      try {
        await use(db.url ?? "");
      } finally {
        await db.drop();
      }
    },
    { scope: "worker" },
  ],
  stack: [
    async ({ databaseUrl }, use) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "cc-e2e-cost-"));
      // The sampler adds to the current hour at each pass: hourly here, so the
      // numbers stay put between the page's answer and the test's own.
      const interval = process.env.COST_SAMPLE_INTERVAL_SECONDS;
      process.env.COST_SAMPLE_INTERVAL_SECONDS = "3600";
      const stack = await startStack({ dataDir, databaseUrl, rateLimitScale: 10 }).finally(() => {
        if (interval === undefined) delete process.env.COST_SAMPLE_INTERVAL_SECONDS;
        else process.env.COST_SAMPLE_INTERVAL_SECONDS = interval;
      });
      try {
        await use(stack);
      } finally {
        await stack.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

test.use({ actionTimeout: 60_000 });

/** The hour the seeded gap covers: metrics.k8s.io did not answer, so there are no rows for it. */
const GAP_HOURS_AGO = 3;

/**
 * Six hours of usage up to the current one (the current hour is in every
 * calendar period, whatever the time), but none three hours ago: a gap.
 * shop/web is Alice's (created through ClusterCord), shop/db the server's,
 * data/etl nobody's; web uses less CPU than it requests, etl more.
 */
async function seedUsage(prisma: PrismaClient, clusterId: string, now: Date) {
  const current = Math.floor(now.getTime() / HOUR) * HOUR;
  const workloads = [
    {
      namespace: "shop",
      workload: "Deployment/web",
      personId: ALICE,
      attribution: "created-by",
      cpuUse: 0.4,
      cpuReq: 0.5,
      memUse: 1.2,
      memReq: 1,
      pvc: 0,
    },
    {
      namespace: "shop",
      workload: "StatefulSet/db",
      personId: null,
      attribution: "guild",
      cpuUse: 0.2,
      cpuReq: 0.25,
      memUse: 2,
      memReq: 2,
      pvc: 10,
    },
    {
      namespace: "data",
      workload: "Deployment/etl",
      personId: null,
      attribution: "unattributed",
      cpuUse: 1.5,
      cpuReq: 1,
      memUse: 3,
      memReq: 4,
      pvc: 0,
    },
  ];
  for (let k = 0; k < 6; k++) {
    if (k === GAP_HOURS_AGO) continue;
    const hour = new Date(current - k * HOUR);
    // Later hours use a little more, so no two hours plot alike.
    const f = 1 + k / 10;
    await prisma.usageHour.createMany({
      data: workloads.map((w) => ({
        clusterId,
        hour,
        namespace: w.namespace,
        workload: w.workload,
        personId: w.personId,
        attribution: w.attribution,
        guildId: w.attribution === "unattributed" ? null : ACME,
        pods: 1,
        cpuUsageCoreHours: w.cpuUse * f,
        cpuRequestCoreHours: w.cpuReq,
        cpuCoreHours: Math.max(w.cpuUse * f, w.cpuReq),
        memUsageGbHours: w.memUse * f,
        memRequestGbHours: w.memReq,
        memGbHours: Math.max(w.memUse * f, w.memReq),
        storageGbHours: w.pvc,
        sampledSeconds: 3600,
      })),
    });
    const capacity = {
      nodes: 3,
      cpuCapacityCoreHours: 12,
      memCapacityGbHours: 48,
      cpuAllocatedCoreHours: 1.75,
      memAllocatedGbHours: 7,
      sampledSeconds: 3600,
    };
    // The sampler may have written this hour already (it samples the real cluster too).
    await prisma.clusterHour.upsert({
      where: { clusterId_hour: { clusterId, hour } },
      create: { clusterId, hour, ...capacity },
      update: capacity,
    });
  }
  await prisma.usageGap.create({
    data: {
      clusterId,
      from: new Date(current - GAP_HOURS_AGO * HOUR),
      to: new Date(current - (GAP_HOURS_AGO - 1) * HOUR),
      reason: "metrics.k8s.io did not answer",
    },
  });
}

async function withDatabase(url: string, work: (prisma: PrismaClient) => Promise<void>) {
  const db = await openDatabase({ url, migrate: false });
  try {
    await work(db.prisma);
  } finally {
    await db.close();
  }
}

/** A query with the page's own session, as the page's client sends it. */
async function api<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ([p, i]) => {
      const res = await fetch(`/api/trpc/${p}?input=${encodeURIComponent(JSON.stringify(i))}`);
      return { status: res.status, json: await res.json() };
    },
    [procedure, input] as const,
  );
  expect(body.status, `${procedure}: ${JSON.stringify(body.json.error ?? "")}`).toBe(200);
  return body.json.result.data as T;
}

type Plotted = Record<string, Record<string, number | null>>;

/** A chart's data table: row header → column → the exact plotted value (null in a gap). */
async function plotted(page: Page, chartTitle: string): Promise<Plotted> {
  const table = page.getByRole("table", { name: `${chartTitle}: plotted values` }).first();
  await expect(table).toBeAttached();
  return table.evaluate((t) => {
    const out: Record<string, Record<string, number | null>> = {};
    for (const tr of t.querySelectorAll("tbody tr")) {
      const row: Record<string, number | null> = {};
      for (const td of tr.querySelectorAll("td[data-column]")) {
        const v = td.getAttribute("data-value") ?? "";
        row[td.getAttribute("data-column") ?? ""] = v === "" ? null : Number(v);
      }
      out[tr.querySelector("th")?.textContent ?? ""] = row;
    }
    return out;
  });
}

const hourLabel = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** What the usage chart must plot for `resource`, from the API's answer. */
function expectedUsage(usage: CostUsageOutput, resource: "cpu" | "memory", withCapacity: boolean): Plotted {
  const out: Plotted = {};
  for (const p of usage.points) {
    const [use, req, cap] =
      resource === "cpu"
        ? [p.cpuUsageCores, p.cpuRequestCores, p.cpuCapacityCores]
        : [p.memoryUsageGb, p.memoryRequestGb, p.memoryCapacityGb];
    out[hourLabel(p.t)] = { usage: use, request: req, ...(withCapacity ? { capacity: cap } : {}) };
  }
  return out;
}

const costCells = (a: { cpuCost: number; memoryCost: number; storageCost: number; total: number }) => ({
  cpu: a.cpuCost,
  memory: a.memoryCost,
  storage: a.storageCost,
  total: a.total,
});

test("the Cost page plots the API's numbers in its charts and table, on a desktop and a phone", async ({
  page,
  stack,
  kube,
  databaseUrl,
}) => {
  test.setTimeout(300_000);
  const clusterId = await addLocalCluster(stack, kube, "cost-pool", { shared: false });
  try {
    await withDatabase(databaseUrl, (prisma) => seedUsage(prisma, clusterId, new Date()));
    await signInTo(page, stack, "alice", "Acme Ops");

    // `g $` reaches the current cluster's Cost page.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Cost", exact: true })).toBeVisible();
    await page.keyboard.press("g");
    await page.keyboard.press("$");
    await page.waitForURL(`${stack.webUrl}/clusters/${clusterId}/cost`);
    await expect(page.getByRole("heading", { name: "cost-pool cost" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Cost", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );

    const month = { clusterId, period: { kind: "month" } };
    const summary = await api<CostSummaryOutput>(page, "cost.summary", month);
    expect(summary.totals.total, "the seeded hours cost something").toBeGreaterThan(0);
    expect(summary.source).toBe("clustercord");
    // Eight queries on one page: the first answer may take a while on a busy machine.
    await expect(page.getByText("Source: ClusterCord metrics")).toBeVisible({ timeout: 30_000 });

    // The total, the idle capacity (Alice is the owner's admin) and the daily chart.
    await expect(page.getByTestId("cost-total")).toHaveAttribute("data-value", String(summary.totals.total));
    expect(summary.idle).not.toBeNull();
    await expect(page.getByTestId("cost-idle")).toHaveAttribute("data-value", String(summary.idle?.total));
    const expectedDaily = Object.fromEntries(summary.daily.map((d) => [d.day, costCells(d)]));
    expect(await plotted(page, "Cost per day")).toEqual(expectedDaily);

    // The breakdown's chart and its table, by namespace, workload and person.
    for (const [by, button] of [
      ["namespace", "Namespace"],
      ["workload", "Workload"],
      ["person", "Person"],
    ] as const) {
      await page.getByRole("group", { name: "Group cost by" }).getByRole("button", { name: button }).click();
      const out = await api<CostBreakdownOutput>(page, "cost.breakdown", {
        clusterId,
        period: { kind: "month" },
        by,
        limit: 20,
      });
      expect(out.rows.length, `${by}: rows`).toBeGreaterThan(0);
      const table = page.getByRole("table", { name: `Cost by ${by}`, exact: true });
      await expect(table.locator("tbody tr")).toHaveCount(out.rows.length + (out.other?.total ? 1 : 0));
      const chart = await plotted(page, `Cost by ${by}`);
      for (const row of out.rows) {
        expect(Object.values(chart), `${by} ${row.key} in the chart`).toContainEqual(costCells(row));
        const tr = table.locator(`tr[data-key="${row.key}"]`);
        for (const [column, value] of Object.entries(costCells(row)))
          await expect(tr.locator(`[data-column="${column}"]`)).toHaveAttribute("data-value", String(value));
      }
      if (by === "person") {
        const alice = out.rows.find((r) => r.key === ALICE);
        expect(alice?.attribution).toBe("created-by");
        await expect(table.locator(`tr[data-key="${ALICE}"]`)).toContainText("created through ClusterCord");
      }
    }

    // Usage vs requests vs capacity, hour by hour; the gap is a gap, not zero.
    const usage = await api<CostUsageOutput>(page, "cost.usage", month);
    const gapHour = hourLabel(
      new Date(Math.floor(Date.now() / HOUR) * HOUR - GAP_HOURS_AGO * HOUR).toISOString(),
    );
    const cpu = await plotted(page, "CPU usage vs requests vs capacity");
    expect(cpu).toEqual(expectedUsage(usage, "cpu", true));
    expect(await plotted(page, "Memory usage vs requests vs capacity")).toEqual(
      expectedUsage(usage, "memory", true),
    );
    if (cpu[gapHour]) expect(cpu[gapHour]).toEqual({ usage: null, request: null, capacity: null });
    const notes = page.getByRole("list", { name: "Gaps in the metrics" });
    if (usage.gaps.length > 0) {
      await expect(notes.first()).toContainText("Metrics unavailable from");
      await expect(notes.first()).toContainText("metrics.k8s.io did not answer");
    }

    // The CSV: the API's file, byte for byte, under its name.
    const file = await api<CostExportOutput>(page, "cost.export", { ...month, format: "csv" });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(file.filename);
    const saved = readFileSync(await download.path());
    expect(saved.equals(Buffer.from(file.base64, "base64"))).toBe(true);
    expect(saved.toString("utf8")).toContain("shop");

    // A phone: the same numbers, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId("cost-total")).toHaveAttribute("data-value", String(summary.totals.total), {
      timeout: 30_000,
    });
    expect(await plotted(page, "Cost per day")).toEqual(expectedDaily);
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    const phone = await sidewaysOverflow(page);
    expect(phone.overflow, `sticking out: ${phone.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the Cost page on a phone");
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.emulateMedia({ colorScheme: "dark" });

    // Budgets: an operator's form; the list shows the API's spend.
    await page.getByRole("combobox", { name: "For" }).selectOption("namespace");
    await page.getByRole("textbox", { name: "Namespace" }).fill("Shop!");
    await page.getByRole("textbox", { name: "Threshold" }).fill("100");
    await page.getByRole("button", { name: "Save budget" }).click();
    await expect(page.getByText("Namespace: enter a namespace name")).toBeVisible();
    await page.getByRole("textbox", { name: "Namespace" }).fill("shop");
    await page.getByRole("button", { name: "Save budget" }).click();
    const budgets = page.getByRole("list", { name: "Budgets" });
    await expect(budgets).toContainText("Namespace shop, per month");
    const [budget] = await api<Budget[]>(page, "cost.budgets.list", { clusterId });
    expect(budget?.scope).toEqual({ kind: "namespace", namespace: "shop" });
    await expect(budgets.getByRole("meter")).toHaveAttribute(
      "value",
      String(Math.min(100, ((budget?.spent ?? 0) / 100) * 100)),
    );
    await budgets.getByRole("button", { name: "Delete budget: Namespace shop, per month" }).click();
    await expect(page.getByText("No budget on this cluster yet.")).toBeVisible();

    // Prices: the owner's admin edits them; a wrong one is named, a good one saved from now on.
    const prices = page.getByRole("form", { name: "Prices" });
    await prices.getByLabel("CPU per core-hour").fill("cheap");
    await prices.getByRole("button", { name: "Save prices" }).click();
    await expect(prices.getByText("CPU price per core-hour: enter a number.")).toBeVisible();
    await prices.getByLabel("CPU per core-hour").fill("0.07");
    await prices.getByRole("button", { name: "Save prices" }).click();
    await expect(prices.getByText("Prices saved.")).toBeVisible();
    const config = await api<CostConfig>(page, "cost.config.get", { clusterId });
    expect(config.prices.cpuPerCoreHour).toBe(0.07);
  } finally {
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});

test("the dashboard: cluster health, live pods, usage with its gap, this month's cost, top spenders, audit", async ({
  page,
  stack,
  kube,
  databaseUrl,
}) => {
  test.setTimeout(240_000);
  const clusterId = await addLocalCluster(stack, kube, "dash-pool", { shared: false });
  try {
    await withDatabase(databaseUrl, (prisma) => seedUsage(prisma, clusterId, new Date()));
    await signInTo(page, stack, "alice", "Acme Ops");
    await expect(page.getByTestId("guild-name")).toHaveText("Acme Ops");

    const clusters = page.getByRole("region", { name: "Clusters", exact: true });
    await expect(clusters.getByRole("link", { name: "dash-pool", exact: true })).toBeVisible();
    await expect(clusters.getByText("healthy")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId(`nodes-${clusterId}`)).toHaveText("3 Ready", { timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "dash-pool", level: 2 })).toBeVisible();

    const pods = page.getByRole("region", { name: "Pods", exact: true });
    await expect(pods.getByText("Live", { exact: true })).toBeVisible({ timeout: 30_000 });

    // This month's cost and the daily chart: the API's numbers.
    const summary = await api<CostSummaryOutput>(page, "cost.summary", {
      clusterId,
      period: { kind: "month" },
    });
    await expect(page.getByTestId("month-cost")).toHaveAttribute("data-value", String(summary.totals.total), {
      timeout: 30_000,
    });
    expect(await plotted(page, "This month's cost per day")).toEqual(
      Object.fromEntries(summary.daily.map((d) => [d.day, costCells(d)])),
    );

    // Usage over the last 24 hours, asked for the period the chart says it plots.
    const figure = page.locator("figure", { has: page.getByText("CPU usage vs requests vs capacity") });
    const period = {
      kind: "custom",
      from: await figure.getAttribute("data-from"),
      to: await figure.getAttribute("data-to"),
    };
    const usage = await api<CostUsageOutput>(page, "cost.usage", { clusterId, period });
    expect(usage.gaps.length, "the seeded gap is in the last 24 hours").toBe(1);
    const cpu = await plotted(page, "CPU usage vs requests vs capacity");
    expect(cpu).toEqual(expectedUsage(usage, "cpu", true));
    const gapHour = hourLabel(new Date(Date.parse(usage.gaps[0]?.from ?? "")).toISOString());
    expect(cpu[gapHour]).toEqual({ usage: null, request: null, capacity: null });
    await expect(
      page
        .getByRole("region", { name: "Usage, last 24 hours" })
        .getByRole("list", { name: "Gaps in the metrics" }),
    ).toContainText("Metrics unavailable from");

    // The top namespaces, workloads and people: the API's first five, in its order.
    for (const [by, title] of [
      ["namespace", "Top namespaces"],
      ["workload", "Top workloads"],
      ["person", "Top people"],
    ] as const) {
      const out = await api<CostBreakdownOutput>(page, "cost.breakdown", {
        clusterId,
        period: { kind: "month" },
        by,
        limit: 5,
      });
      const list = page.getByRole("list", { name: `${title} by cost this month` });
      await expect(list.locator("[data-key]"), by).toHaveCount(out.rows.length, { timeout: 30_000 });
      const shown = await list
        .locator("[data-key]")
        .evaluateAll((els) =>
          els.map((e) => [e.getAttribute("data-key"), Number(e.getAttribute("data-value"))]),
        );
      expect(shown, by).toEqual(out.rows.map((r) => [r.key, r.total]));
    }

    // Recent audit events (Alice is an admin): the newest the API has.
    const audit = await api<AuditListOutput>(page, "audit.list", { limit: 8 });
    const events = page.getByRole("list", { name: "Recent audit events" });
    await expect(events.locator("li").first()).toContainText(audit.items[0]?.action ?? "none");

    // A phone: nothing scrolls sideways; the charts are still there.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId("month-cost")).toHaveAttribute("data-value", String(summary.totals.total), {
      timeout: 30_000,
    });
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    const phone = await sidewaysOverflow(page);
    expect(phone.overflow, `sticking out: ${phone.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the dashboard on a phone");
  } finally {
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
