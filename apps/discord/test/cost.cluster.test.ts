import type {
  Budget,
  CostBreakdownOutput,
  CostConfig,
  CostExportOutput,
  CostPersonOutput,
  CostSummaryOutput,
  CostUsageOutput,
} from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import type { Cluster } from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG_SIGNATURE, pngSize } from "../src/charts/png";
import { exportPeriod } from "../src/commands/cost/options";
import { averagingHours, resourceLines } from "../src/render/cost";
import { money } from "../src/render/cost-format";
import {
  ACME,
  ALICE,
  BOB,
  buttonId,
  CAROL,
  opt,
  SERVICE_TOKEN,
  startWorkerWithSharedCluster,
  type WorkerHarness,
} from "./harness";

// /cost through the real worker and the Discord stand-in, against the real API (cost.*) over
// UsageHour rows seeded as the sampler writes them. Every number in a reply is checked against
// what the API answers for the same input; the totals also against a hand computation.

const nsAcme = `clustercord-guild-${ACME}`;
const HOUR = 3_600_000;

let h: WorkerHarness;
let kube: Cluster;
let clusterId: string;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
/** The hours seeded: today's, up to six, ending with the current one. */
let hours: Date[] = [];

/** Per seeded hour (default prices 0.05 / 0.01 / 0.10 a GiB-month): web and db. */
const WEB = { cpu: 0.5, mem: 1, storage: 0 };
const DB = { cpu: 0.25, mem: 2, storage: 10 };
const hourCost = (r: typeof WEB) => r.cpu * 0.05 + r.mem * 0.01 + (r.storage * 0.1) / 730;

beforeAll(async () => {
  stack = await startWorkerWithSharedCluster("cost");
  ({ h, kube, clusterId } = stack);
  const now = Date.now();
  const today = Date.UTC(
    new Date(now).getUTCFullYear(),
    new Date(now).getUTCMonth(),
    new Date(now).getUTCDate(),
  );
  const current = Math.floor(now / HOUR) * HOUR;
  hours = [0, 1, 2, 3, 4, 5]
    .map((k) => current - k * HOUR)
    .filter((t) => t >= today)
    .map((t) => new Date(t));
  const row = (hour: Date, workload: string, r: typeof WEB, person: string | null) => ({
    clusterId,
    hour,
    namespace: nsAcme,
    workload,
    personId: person,
    attribution: person ? "created-by" : "guild",
    guildId: ACME,
    pods: person ? 2 : 1,
    cpuCoreHours: r.cpu,
    memGbHours: r.mem,
    storageGbHours: r.storage,
    cpuUsageCoreHours: r.cpu * 0.6,
    cpuRequestCoreHours: r.cpu,
    memUsageGbHours: r.mem * 0.8,
    memRequestGbHours: r.mem,
    sampledSeconds: 3600,
  });
  await h.db.prisma.usageHour.createMany({
    data: hours.flatMap((hour) => [
      row(hour, "Deployment/web", WEB, ALICE),
      row(hour, "StatefulSet/db", DB, null),
    ]),
  });
  await kube.kubectl(["create", "deployment", "web", "--image=nginx:1.27", "--replicas=3", "-n", nsAcme]);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

const cost = (
  who: string,
  subcommand: string,
  options: { name: string; type: number; value: string | number | boolean }[] = [],
) => h.send({ userId: who, guildId: ACME, name: "cost", subcommand, options });

/** The API called directly, as the worker calls it for `who` in Acme. */
async function api<T>(who: string, procedure: string, input: unknown, mutation = false): Promise<T> {
  const res = await callTrpc<T>(h.apiUrl, procedure, {
    headers: workerHeaders(SERVICE_TOKEN, who, ACME),
    input,
    mutation,
  });
  if (res.error) throw new Error(`${procedure}: ${JSON.stringify(res.error)}`);
  return res.data;
}

const text = (reply: ReplyPayload) =>
  (reply.embeds ?? [])
    .map((e) => `${e.title ?? ""}\n${e.description ?? ""}\n${e.footer?.text ?? ""}`)
    .join("\n");

const user = (value: string) => ({ name: "user", type: 6, value });
const num = (name: string, value: number) => ({ name, type: 10, value });

async function attachmentBytes(reply: ReplyPayload, name: string): Promise<Buffer> {
  const file = reply.attachments?.find((a) => a.filename === name);
  expect(file, JSON.stringify(reply)).toBeTruthy();
  return Buffer.from(await (await fetch(file?.url ?? "")).arrayBuffer());
}

describe("/cost", () => {
  it("monthly: the totals, lines and top namespaces equal cost.summary and cost.breakdown, with a PNG chart", async () => {
    const reply = await cost(ALICE, "monthly");
    const period = { kind: "month" };
    const summary = await api<CostSummaryOutput>(ALICE, "cost.summary", { clusterId, period });
    const usage = await api<CostUsageOutput>(ALICE, "cost.usage", { clusterId, period });
    const breakdown = await api<CostBreakdownOutput>(ALICE, "cost.breakdown", {
      clusterId,
      period,
      by: "namespace",
      limit: 8,
    });
    const shown = text(reply);

    // By hand: the seeded hours at the default prices.
    const expected = hours.length * (hourCost(WEB) + hourCost(DB));
    expect(summary.totals.total).toBeCloseTo(expected, 9);
    expect(summary.totals.cpuCoreHours).toBeCloseTo(hours.length * (WEB.cpu + DB.cpu), 9);

    // The reply says exactly the API's numbers, in the guide's lines.
    // Averages over the hours with data: the seeded ones.
    expect(usage.points.filter((p) => p.cost !== null)).toHaveLength(hours.length);
    const averaged = averagingHours(summary, usage);
    for (const line of resourceLines(summary.totals, averaged, summary.currency, "this month")) {
      expect(shown).toContain(line);
    }
    expect(shown).toContain(`**Total: ${money(summary.totals.total, summary.currency)} this month**`);
    const top = breakdown.rows.find((r) => r.namespace === nsAcme);
    expect(top).toBeTruthy();
    expect(shown).toMatch(
      new RegExp(`${nsAcme.slice(0, 39)}.*\\s${money(top?.total ?? -1, "USD").replace("$", "\\$")}\\s`),
    );
    expect(reply.flags).toBe(64);

    const png = await attachmentBytes(reply, "cost.png");
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png).width).toBe(800);
    expect(JSON.stringify(reply.embeds?.[0])).toMatch(/"image":\{"url":"[^"]*cost\.png"/);
  });

  it("daily namespace: deployment: the workload's numbers from cost.breakdown, with its replicas", async () => {
    const reply = await cost(ALICE, "daily", [opt("namespace", nsAcme), opt("deployment", "web")]);
    const period = { kind: "day" };
    const out = await api<CostBreakdownOutput>(ALICE, "cost.breakdown", {
      clusterId,
      period,
      by: "workload",
      namespace: nsAcme,
      workload: "Deployment/web",
    });
    const row = out.rows.find((r) => r.workload === "Deployment/web");
    expect(row?.total).toBeCloseTo(hours.length * hourCost(WEB), 9);
    const shown = text(reply);
    expect(shown).toContain(`**Estimated cost: ${money(row?.total ?? -1, out.currency)} today**`);
    expect(shown).toMatch(/Deployment: `web` \((3 replicas|\d+ replicas?)\)/);
    expect((await attachmentBytes(reply, "cost.png")).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it("daily user:@alice: cost.person's numbers and why each workload is hers", async () => {
    const reply = await cost(BOB, "daily", [user(ALICE)]);
    const person = await api<CostPersonOutput>(BOB, "cost.person", {
      clusterId,
      period: { kind: "day" },
      userId: ALICE,
    });
    const shown = text(reply);
    expect(shown).toContain(`User: <@${ALICE}>`);
    expect(shown).toContain(`Total pods: ${person.pods}`);
    expect(shown).toContain(`**Total: ${money(person.totals.total, person.currency)} today**`);
    expect(person.totals.total).toBeCloseTo(hours.length * hourCost(WEB), 9);
    expect(shown).toMatch(/Deployment\/web .*created by them/);
  });

  it("deployment: autocompletes the Deployments the person can see", async () => {
    const deadline = Date.now() + 20_000;
    let names: string[] = [];
    while (!names.includes("web") && Date.now() < deadline) {
      const handle = await h.standIn.sendAutocomplete({
        userId: BOB,
        guildId: ACME,
        name: "cost",
        subcommand: "daily",
        options: [opt("namespace", nsAcme)],
        focused: { name: "deployment", value: "we" },
      });
      names = (await handle.choices()).map((c) => String(c.value));
      if (!names.includes("web")) await new Promise((r) => setTimeout(r, 500));
    }
    expect(names).toContain("web");
  });

  it("config: shows the prices; an admin sets one from now on; a viewer is refused", async () => {
    const shown = text(await cost(BOB, "config"));
    const before = await api<CostConfig>(BOB, "cost.config.get", { clusterId });
    expect(shown).toContain(
      `CPU: ${money(before.prices.cpuPerCoreHour, before.prices.currency)} per core-hour`,
    );
    expect(shown).toContain(
      `Storage: ${money(before.prices.storagePerGbMonth, before.prices.currency)} per GiB-month`,
    );

    const set = text(await cost(ALICE, "config", [num("cpu_per_core_hour", 0.08)]));
    const after = await api<CostConfig>(ALICE, "cost.config.get", { clusterId });
    expect(after.prices.cpuPerCoreHour).toBe(0.08);
    expect(set).toContain("Prices set on shared");
    expect(set).toContain("CPU: $0.08 per core-hour");
    expect(set).toContain(`Memory: ${money(after.prices.memoryPerGbHour, "USD")} per GiB-hour`);

    const refused = await cost(CAROL, "config", [num("cpu_per_core_hour", 1)]);
    expect(refused.embeds?.[0]?.description).toMatch(/^⚠️ /);
    expect((await api<CostConfig>(ALICE, "cost.config.get", { clusterId })).prices.cpuPerCoreHour).toBe(0.08);
  });

  it("alert: sets a budget, lists it as cost.budgets.list does, and Delete removes it", async () => {
    const set = await cost(BOB, "alert", [
      opt("type", "budget"),
      num("threshold", 0.01),
      opt("period", "daily"),
      opt("namespace", nsAcme),
    ]);
    expect(text(set)).toContain("Budget set");
    const budgets = await api<Budget[]>(BOB, "cost.budgets.list", { clusterId });
    expect(budgets).toHaveLength(1);
    const [b] = budgets as [Budget];
    expect(b).toMatchObject({
      scope: { kind: "namespace", namespace: nsAcme },
      period: "day",
      threshold: 0.01,
    });

    const list = await cost(BOB, "alert");
    const shown = text(list);
    expect(shown).toContain(
      `daily ${money(b.threshold, b.currency)} for namespace \`${nsAcme}\`: ${money(b.spent, b.currency)} spent, forecast ${money(b.forecast, b.currency)}`,
    );
    // Spent already passes a one-cent budget.
    expect(shown).toContain("🔴");

    const missingPeriod = await cost(BOB, "alert", [num("threshold", 5)]);
    expect(missingPeriod.embeds?.[0]?.description).toContain(
      "A budget needs period: daily, weekly or monthly.",
    );

    const after = await h.click(BOB, ACME, buttonId(list.components, "Delete 1"), list.id ?? "");
    expect(text(after)).toContain("No budgets.");
    expect(await api<Budget[]>(BOB, "cost.budgets.list", { clusterId })).toEqual([]);
  });

  it("export format:csv: the attachment's bytes are cost.export's bytes for the same input", async () => {
    for (const period of ["monthly", "last_30_days"] as const) {
      const reply = await cost(BOB, "export", [opt("format", "csv"), opt("period", period)]);
      const out = await api<CostExportOutput>(BOB, "cost.export", {
        clusterId,
        period: exportPeriod(period, {}, new Date()),
        format: "csv",
      });
      expect(out.rows).toBeGreaterThan(0);
      const bytes = await attachmentBytes(reply, out.filename);
      expect(bytes.equals(Buffer.from(out.base64, "base64"))).toBe(true);
      expect(bytes.length).toBe(out.bytes);
      expect(bytes.toString("utf8")).toContain("Deployment/web");
    }
  });
});
