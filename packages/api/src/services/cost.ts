/**
 * cost.*: usage and cost per namespace, workload and person, prices, budgets
 * and CSV export (guide features 5 and 15). Each entry opens the cluster for
 * the person first and sums only what they may read (cost-access.ts); the
 * model is in @clustercord/cost, the sums in @clustercord/db (cost-queries).
 */
import {
  AppError,
  type Budget,
  type CostAmounts,
  type CostBreakdownInput,
  type CostBreakdownOutput,
  type CostBreakdownRow,
  type CostBudgetDeleteInput,
  type CostBudgetSetInput,
  type CostConfig,
  type CostConfigSetInput,
  type CostExportInput,
  type CostExportOutput,
  type CostPersonInput,
  type CostPersonOutput,
  type CostSummaryInput,
  type CostSummaryOutput,
  type CostUsageInput,
  type CostUsageOutput,
  type UsagePoint,
} from "@clustercord/contracts";
import {
  addAmounts,
  changePct,
  costCsvFilename,
  costCsvHeader,
  costCsvLine,
  DAY_MS,
  daysOf,
  HOUR_MS,
  hoursOf,
  previousSpan,
  priceAt,
  priceQuantities,
  priceSegments,
  resolvePeriod,
  type Span,
  sumAmounts,
  ZERO_AMOUNTS,
} from "@clustercord/cost";
import {
  deleteCostBudget,
  findCostSettings,
  findGuildCluster,
  type GroupUsage,
  insertCostPrice,
  listCapacityHours,
  listCostBudgets,
  listUsageGaps,
  setOpencostUrl,
  sumDayByResource,
  sumPersonWorkloads,
  type UsageFilter,
  upsertCostBudget,
} from "@clustercord/db";
import type { ApiDeps } from "../context";
import { type CostView, namespaceNotVisible, openCostView } from "./cost-access";
import { budgetView } from "./cost-budgets";
import { checkOpencostUrl, fetchAllocations, type OpenCostAllocation } from "./cost-opencost";
import { currencyNow, idleAmounts, loadPrices, pricedGroups, pricedHours, totalOf } from "./cost-spend";
import type { Actor } from "./read-access";
import { visibleNamespaces } from "./read-access";

const iso = (d: Date) => d.toISOString();
const filterOf = (view: CostView, span: Span, extra: Partial<UsageFilter> = {}): UsageFilter => ({
  clusterId: view.cluster.id,
  from: span.from,
  to: span.to,
  namespaces: view.namespaces,
  ...extra,
});

async function opencostUrlOf(deps: ApiDeps, clusterId: string): Promise<string | null> {
  return (await findCostSettings(deps.prisma, clusterId))?.opencostUrl ?? null;
}

const sees = (view: CostView, namespace: string | null) =>
  namespace !== null && (view.namespaces === null || view.namespaces.includes(namespace));

const gapsIn = async (deps: ApiDeps, clusterId: string, span: Span) =>
  (await listUsageGaps(deps.prisma, clusterId, span.from, span.to)).map((g) => ({
    from: iso(g.from),
    to: iso(g.to),
    reason: g.reason,
  }));

// ---- cost.summary

export async function costSummary(
  deps: ApiDeps,
  actor: Actor,
  input: CostSummaryInput,
): Promise<CostSummaryOutput> {
  const view = await openCostView(deps, actor, input.clusterId, input.namespace);
  const now = new Date();
  const span = resolvePeriod(input.period, now);
  const before = previousSpan(span);
  const opencost = await opencostUrlOf(deps, view.cluster.id);
  if (opencost) return opencostSummary(deps, view, opencost, span, before, input.namespace === undefined);
  const history = await loadPrices(deps.prisma, view.cluster.id);
  const [hours, previous, idle, gaps] = await Promise.all([
    pricedHours(deps.prisma, filterOf(view, span), history),
    pricedHours(deps.prisma, filterOf(view, before), history),
    // Idle is the cluster's, not a namespace's: for the owner's admins over the whole cluster.
    view.ownerAdmin && input.namespace === undefined
      ? idleAmounts(deps.prisma, view.cluster.id, span.from, span.to, history)
      : Promise.resolve(null),
    gapsIn(deps, view.cluster.id, span),
  ]);
  const byDay = new Map<string, CostAmounts>();
  for (const h of hours) {
    const day = iso(h.hour).slice(0, 10);
    byDay.set(day, addAmounts(byDay.get(day) ?? ZERO_AMOUNTS, h.amounts));
  }
  const totals = totalOf(hours);
  const previousTotal = totalOf(previous).total;
  return {
    clusterId: view.cluster.id,
    from: iso(span.from),
    to: iso(span.to),
    currency: currencyNow(history, now),
    source: "clustercord",
    totals,
    idle,
    previousTotal,
    changePct: changePct(totals.total, previousTotal),
    daily: daysOf(span).map((day) => ({ day, ...(byDay.get(day) ?? ZERO_AMOUNTS) })),
    gaps,
  };
}

async function opencostSummary(
  deps: ApiDeps,
  view: CostView,
  baseUrl: string,
  span: Span,
  before: Span,
  wholeCluster: boolean,
): Promise<CostSummaryOutput> {
  const idleWanted = view.ownerAdmin && wholeCluster;
  const [sets, previousSets] = await Promise.all([
    fetchAllocations(deps, baseUrl, { ...span, aggregate: "namespace", step: "1d", idle: idleWanted }),
    fetchAllocations(deps, baseUrl, { ...before, aggregate: "namespace" }),
  ]);
  const byDay = new Map<string, CostAmounts>();
  let idle: CostAmounts = ZERO_AMOUNTS;
  for (const set of sets)
    for (const a of set) {
      if (a.name === "__idle__") idle = addAmounts(idle, a.amounts);
      else if (sees(view, a.namespace)) {
        const day = iso(a.start ?? span.from).slice(0, 10);
        byDay.set(day, addAmounts(byDay.get(day) ?? ZERO_AMOUNTS, a.amounts));
      }
    }
  const totals = sumAmounts([...byDay.values()]);
  const previousTotal = sumAmounts(
    previousSets.flat().flatMap((a) => (sees(view, a.namespace) ? [a.amounts] : [])),
  ).total;
  return {
    clusterId: view.cluster.id,
    from: iso(span.from),
    to: iso(span.to),
    // OpenCost's prices are its own; its API does not name a currency, and USD is its default.
    currency: "USD",
    source: "opencost",
    totals,
    idle: idleWanted ? idle : null,
    previousTotal,
    changePct: changePct(totals.total, previousTotal),
    daily: daysOf(span).map((day) => ({ day, ...(byDay.get(day) ?? ZERO_AMOUNTS) })),
    gaps: [],
  };
}

// ---- cost.breakdown

interface Keyed {
  key: string;
  label: string;
  namespace: string | null;
  workload: string | null;
  personId: string | null;
  attribution: CostBreakdownRow["attribution"];
  amounts: CostAmounts;
}

function personKey(row: Pick<GroupUsage, "personId" | "attribution" | "guildId">): string {
  if (row.personId) return row.personId;
  if (row.attribution === "guild" && row.guildId) return `guild:${row.guildId}`;
  return "unattributed";
}

async function personLabel(deps: ApiDeps, key: string): Promise<string> {
  if (key === "unattributed") return "Unattributed";
  try {
    if (key.startsWith("guild:")) {
      const guild = await deps.directory.getGuild(key.slice(6));
      return guild ? `Server ${guild.name}` : key;
    }
    const user = await deps.directory.getUser(key);
    return user ? (user.global_name ?? user.username) : key;
  } catch {
    // A name is a nicety: Discord being slow must not fail the numbers.
    return key;
  }
}

function ranked(rows: Keyed[], limit: number, totals: CostAmounts) {
  const sorted = [...rows].sort((a, b) => b.amounts.total - a.amounts.total || a.key.localeCompare(b.key));
  const shown = sorted.slice(0, limit);
  const rest = sorted.slice(limit);
  return {
    rows: shown.map((r) => ({
      key: r.key,
      label: r.label,
      namespace: r.namespace,
      workload: r.workload,
      personId: r.personId,
      attribution: r.attribution,
      ...r.amounts,
      sharePct: totals.total > 0 ? (r.amounts.total / totals.total) * 100 : 0,
    })),
    other: rest.length > 0 ? sumAmounts(rest.map((r) => r.amounts)) : null,
  };
}

export async function costBreakdown(
  deps: ApiDeps,
  actor: Actor,
  input: CostBreakdownInput,
): Promise<CostBreakdownOutput> {
  if (input.workload && !input.namespace)
    throw new AppError("BAD_REQUEST", { userMessage: "A workload is named together with its namespace." });
  const view = await openCostView(deps, actor, input.clusterId, input.namespace);
  const now = new Date();
  const span = resolvePeriod(input.period, now);
  const limit = input.limit ?? 50;
  const opencost = input.by === "person" ? null : await opencostUrlOf(deps, view.cluster.id);
  let keyed: Keyed[];
  let currency = "USD";
  if (opencost) {
    const sets = await fetchAllocations(deps, opencost, {
      ...span,
      aggregate: input.by === "namespace" ? "namespace" : "namespace,controller",
    });
    keyed = sets
      .flat()
      .filter((a) => sees(view, a.namespace) && (!input.workload || a.workload === input.workload))
      .map((a) => opencostRow(input.by, a));
  } else {
    const history = await loadPrices(deps.prisma, view.cluster.id);
    currency = currencyNow(history, now);
    const filter = filterOf(view, span, input.workload ? { workload: input.workload } : {});
    const keyOf = (r: GroupUsage) =>
      input.by === "namespace"
        ? (r.namespace ?? "")
        : input.by === "workload"
          ? `${r.namespace}/${r.workload}`
          : personKey(r);
    const groups = await pricedGroups(deps.prisma, filter, input.by, history, keyOf);
    keyed = [...groups].map(([key, { row, amounts }]) => ({
      key,
      label: input.by === "namespace" ? key : input.by === "workload" ? (row.workload ?? key) : key,
      namespace: input.by === "person" ? null : row.namespace,
      workload: input.by === "workload" ? row.workload : null,
      personId: input.by === "person" ? row.personId : null,
      attribution:
        input.by === "person"
          ? ((row.attribution as CostBreakdownRow["attribution"]) ?? "unattributed")
          : null,
      amounts,
    }));
  }
  const totals = sumAmounts(keyed.map((k) => k.amounts));
  const { rows, other } = ranked(keyed, limit, totals);
  if (input.by === "person")
    await Promise.all(
      rows.map(async (r) => {
        r.label = await personLabel(deps, r.key);
      }),
    );
  return {
    clusterId: view.cluster.id,
    from: iso(span.from),
    to: iso(span.to),
    currency,
    source: opencost ? "opencost" : "clustercord",
    by: input.by,
    rows,
    other,
    totals,
  };
}

function opencostRow(by: "namespace" | "workload" | "person", a: OpenCostAllocation): Keyed {
  const workload = by === "workload" ? (a.workload ?? "Pod/unknown") : null;
  return {
    key: by === "workload" ? `${a.namespace}/${workload}` : (a.namespace ?? a.name),
    label: by === "workload" ? (workload ?? a.name) : (a.namespace ?? a.name),
    namespace: a.namespace,
    workload,
    personId: null,
    attribution: null,
    amounts: a.amounts,
  };
}

// ---- cost.person

/** Another person's numbers only if they are in the caller's guild (and only in namespaces the caller reads). */
async function requireGuildMember(deps: ApiDeps, guildId: string, userId: string): Promise<void> {
  const member = await deps.directory.getMember(guildId, userId).catch(() => null);
  if (!member)
    throw new AppError("NOT_FOUND", { userMessage: "That person is not a member of this server." });
}

export async function costPerson(
  deps: ApiDeps,
  actor: Actor,
  input: CostPersonInput,
): Promise<CostPersonOutput> {
  const view = await openCostView(deps, actor, input.clusterId);
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId) await requireGuildMember(deps, actor.guildId, userId);
  const now = new Date();
  const span = resolvePeriod(input.period, now);
  const history = await loadPrices(deps.prisma, view.cluster.id);
  const filter = { ...filterOf(view, span), personId: userId };
  const segments = priceSegments(history, span.from, span.to);
  const [parts, hours] = await Promise.all([
    sumPersonWorkloads(
      deps.prisma,
      filter,
      segments.slice(1).map((s) => s.from),
    ),
    pricedHours(deps.prisma, filter, history),
  ]);
  const rows = new Map<string, CostPersonOutput["rows"][number]>();
  for (const p of parts) {
    const amounts = priceQuantities(p, segments[p.segment]?.prices ?? priceAt(history, span.from));
    const key = `${p.namespace}\u0000${p.workload}\u0000${p.attribution}`;
    const held = rows.get(key);
    rows.set(key, {
      namespace: p.namespace,
      workload: p.workload,
      attribution: p.attribution as CostPersonOutput["rows"][number]["attribution"],
      ...(held ? addAmounts(held, amounts) : amounts),
    });
  }
  const list = [...rows.values()].sort((a, b) => b.total - a.total);
  return {
    clusterId: view.cluster.id,
    userId,
    from: iso(span.from),
    to: iso(span.to),
    currency: currencyNow(history, now),
    namespaces: [...new Set(list.map((r) => r.namespace))].sort(),
    // Pods at the busiest hour: rollups keep the most pods seen per hour, not their names.
    pods: hours.reduce((most, h) => Math.max(most, h.pods), 0),
    totals: sumAmounts(list),
    rows: list,
  };
}

// ---- cost.usage

export async function costUsage(
  deps: ApiDeps,
  actor: Actor,
  input: CostUsageInput,
): Promise<CostUsageOutput> {
  const view = await openCostView(deps, actor, input.clusterId, input.namespace);
  const now = new Date();
  const span = resolvePeriod(input.period, now);
  const history = await loadPrices(deps.prisma, view.cluster.id);
  const [hours, capacity, gapRows] = await Promise.all([
    pricedHours(deps.prisma, filterOf(view, span), history),
    listCapacityHours(deps.prisma, view.cluster.id, span.from, span.to),
    listUsageGaps(deps.prisma, view.cluster.id, span.from, span.to),
  ]);
  const usageAt = new Map(hours.map((h) => [h.hour.getTime(), h]));
  const capacityAt = new Map(capacity.map((c) => [c.hour.getTime(), c]));
  const showCapacity = view.ownerAdmin && input.namespace === undefined;
  const points: UsagePoint[] = hoursOf(span).map((hour) => {
    const t = hour.getTime();
    const u = usageAt.get(t);
    const c = capacityAt.get(t);
    // Seconds of the hour that were sampled: core-hours over them give cores.
    const sampled = Math.max(c?.sampledSeconds ?? 0, u?.sampledSeconds ?? 0);
    const inGap = gapRows.some((g) => g.from.getTime() <= t && g.to.getTime() >= t + HOUR_MS);
    if (sampled <= 0 || inGap)
      return {
        t: iso(hour),
        cpuUsageCores: null,
        cpuRequestCores: null,
        cpuCapacityCores: null,
        memoryUsageGb: null,
        memoryRequestGb: null,
        memoryCapacityGb: null,
        cost: null,
      };
    const per = 3600 / sampled;
    return {
      t: iso(hour),
      cpuUsageCores: (u?.cpuUsageCoreHours ?? 0) * per,
      cpuRequestCores: (u?.cpuRequestCoreHours ?? 0) * per,
      cpuCapacityCores: showCapacity ? (c?.cpuCapacityCoreHours ?? 0) * per : null,
      memoryUsageGb: (u?.memUsageGbHours ?? 0) * per,
      memoryRequestGb: (u?.memRequestGbHours ?? 0) * per,
      memoryCapacityGb: showCapacity ? (c?.memCapacityGbHours ?? 0) * per : null,
      cost: u?.amounts.total ?? 0,
    };
  });
  return {
    clusterId: view.cluster.id,
    from: iso(span.from),
    to: iso(span.to),
    points,
    gaps: gapRows.map((g) => ({ from: iso(g.from), to: iso(g.to), reason: g.reason })),
  };
}

// ---- cost.config

async function configOf(deps: ApiDeps, clusterId: string, owner: boolean): Promise<CostConfig> {
  const [history, opencostUrl] = await Promise.all([
    loadPrices(deps.prisma, clusterId),
    opencostUrlOf(deps, clusterId),
  ]);
  const now = new Date();
  const current = history.filter((h) => h.effectiveFrom <= now).at(-1);
  return {
    clusterId,
    prices: priceAt(history, now),
    effectiveFrom: current ? iso(current.effectiveFrom) : null,
    history: history.map((h) => ({
      cpuPerCoreHour: h.cpuPerCoreHour,
      memoryPerGbHour: h.memoryPerGbHour,
      storagePerGbMonth: h.storagePerGbMonth,
      currency: h.currency,
      effectiveFrom: iso(h.effectiveFrom),
      setBy: h.setBy,
    })),
    source: opencostUrl ? "opencost" : "clustercord",
    // Where the owner's OpenCost lives is the owner's to know.
    opencostUrl: owner ? opencostUrl : null,
  };
}

export async function getCostConfig(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string },
): Promise<CostConfig> {
  const view = await openCostView(deps, actor, input.clusterId);
  return configOf(deps, view.cluster.id, view.ownerGuildId === actor.guildId);
}

export async function setCostConfig(
  deps: ApiDeps,
  actor: Actor,
  input: CostConfigSetInput,
): Promise<CostConfig> {
  const view = await openCostView(deps, actor, input.clusterId);
  if (!view.ownerAdmin)
    throw new AppError("FORBIDDEN", {
      userMessage: "Only the admins of the server that added this cluster set its prices and cost source.",
    });
  if (input.prices === undefined && input.opencostUrl === undefined)
    throw new AppError("BAD_REQUEST", { userMessage: "Give new prices, an OpenCost URL, or both." });
  const url = input.opencostUrl ? checkOpencostUrl(deps, input.opencostUrl) : input.opencostUrl;
  const now = new Date();
  if (input.prices && Object.keys(input.prices).length > 0) {
    const history = await loadPrices(deps.prisma, view.cluster.id);
    await insertCostPrice(deps.prisma, view.cluster.id, {
      ...priceAt(history, now),
      ...input.prices,
      effectiveFrom: now,
      setBy: actor.userId,
    });
  }
  if (url !== undefined) await setOpencostUrl(deps.prisma, view.cluster.id, url, actor.userId);
  return configOf(deps, view.cluster.id, true);
}

// ---- cost.export

export async function exportCost(
  deps: ApiDeps,
  actor: Actor,
  input: CostExportInput,
): Promise<CostExportOutput> {
  const view = await openCostView(deps, actor, input.clusterId, input.namespace);
  const span = resolvePeriod(input.period, new Date());
  const [history, record] = await Promise.all([
    loadPrices(deps.prisma, view.cluster.id),
    findGuildCluster(deps.prisma, actor.guildId, view.cluster.id),
  ]);
  const { csv, rows } = await costCsvFor(deps, view, span, history);
  const bytes = Buffer.from(csv, "utf8");
  return {
    filename: costCsvFilename(record?.name ?? view.cluster.id, span.from, span.to),
    contentType: "text/csv",
    base64: bytes.toString("base64"),
    bytes: bytes.length,
    rows,
  };
}

/**
 * The CSV, read one UTC day at a time (a day's sums per resource and price
 * segment): what is held is that day's rows and the text written so far.
 */
export async function costCsvFor(
  deps: Pick<ApiDeps, "prisma">,
  view: { cluster: { id: string }; namespaces: readonly string[] | null },
  span: Span,
  history: Awaited<ReturnType<typeof loadPrices>>,
): Promise<{ csv: string; rows: number }> {
  const parts: string[] = [costCsvHeader()];
  let rows = 0;
  for (const day of daysOf(span)) {
    const dayStart = new Date(`${day}T00:00:00Z`);
    const from = new Date(Math.max(dayStart.getTime(), span.from.getTime()));
    const to = new Date(Math.min(dayStart.getTime() + DAY_MS, span.to.getTime()));
    const segments = priceSegments(history, from, to);
    const sums = await sumDayByResource(
      deps.prisma,
      { clusterId: view.cluster.id, from, to, namespaces: view.namespaces },
      segments.slice(1).map((s) => s.from),
    );
    let line = "";
    for (let i = 0; i < sums.length; ) {
      const first = sums[i];
      if (!first) break;
      let amounts = ZERO_AMOUNTS;
      for (
        ;
        i < sums.length && sums[i]?.namespace === first.namespace && sums[i]?.workload === first.workload;
        i++
      ) {
        const s = sums[i];
        if (s)
          amounts = addAmounts(
            amounts,
            priceQuantities(s, segments[s.segment]?.prices ?? priceAt(history, from)),
          );
      }
      line += costCsvLine({
        day,
        namespace: first.namespace,
        workload: first.workload,
        ...amounts,
        currency: priceAt(history, from).currency,
      });
      rows++;
    }
    parts.push(line);
  }
  return { csv: parts.join(""), rows };
}

// ---- cost.budgets

/** A namespace budget names a namespace the guild may use: any for the owner, its own for a tenant. */
async function checkBudgetScope(deps: ApiDeps, actor: Actor, view: CostView, input: CostBudgetSetInput) {
  if (input.scope.kind === "namespace") {
    if (view.ownerGuildId === actor.guildId) return;
    const visible = await visibleNamespaces(deps, actor, view.cluster);
    if (!visible.includes(input.scope.namespace)) throw namespaceNotVisible(input.scope.namespace);
  }
  if (input.scope.kind === "person") await requireGuildMember(deps, actor.guildId, input.scope.userId);
}

export async function listBudgets(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string },
): Promise<Budget[]> {
  const view = await openCostView(deps, actor, input.clusterId);
  const rows = await listCostBudgets(deps.prisma, view.cluster.id, actor.guildId);
  const now = new Date();
  return Promise.all(rows.map((row) => budgetView(deps, row, view.ownerGuildId, now)));
}

export async function setBudget(deps: ApiDeps, actor: Actor, input: CostBudgetSetInput): Promise<Budget> {
  const view = await openCostView(deps, actor, input.clusterId);
  await checkBudgetScope(deps, actor, view, input);
  const row = await upsertCostBudget(deps.prisma, {
    clusterId: view.cluster.id,
    guildId: actor.guildId,
    scopeKind: input.scope.kind,
    scopeValue:
      input.scope.kind === "namespace"
        ? input.scope.namespace
        : input.scope.kind === "person"
          ? input.scope.userId
          : "",
    period: input.period,
    threshold: input.threshold,
    createdBy: actor.userId,
  });
  return budgetView(deps, row, view.ownerGuildId, new Date());
}

export async function deleteBudget(
  deps: ApiDeps,
  actor: Actor,
  input: CostBudgetDeleteInput,
): Promise<{ deleted: boolean }> {
  const view = await openCostView(deps, actor, input.clusterId);
  const deleted = await deleteCostBudget(deps.prisma, {
    id: input.budgetId,
    clusterId: view.cluster.id,
    guildId: actor.guildId,
  });
  if (!deleted) throw new AppError("NOT_FOUND", { userMessage: "No such budget in this server." });
  return { deleted };
}
