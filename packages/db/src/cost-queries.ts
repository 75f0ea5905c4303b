/**
 * Cost reads over the sampler's rollups (UsageHour, ClusterHour, UsageGap),
 * and the cost settings: prices, the OpenCost URL, budgets and their alerts.
 * Sums are done in SQL over the (clusterId, namespace, hour) and
 * (clusterId, personId, hour) indexes: a month of 200 namespaces is millions
 * of rows, and only their sums leave the database.
 */
import { Prisma, type PrismaClient } from "./generated/client";

/** Which UsageHour rows a query sums. `namespaces: null` means every namespace (the owner's admins). */
export interface UsageFilter {
  clusterId: string;
  from: Date;
  to: Date;
  namespaces: readonly string[] | null;
  /** `Kind/name`: one workload (with its namespace in `namespaces`). */
  workload?: string;
  personId?: string;
  /** Rows whose namespace belongs to this guild (tenancy). */
  guildId?: string;
}

export interface HourUsage {
  hour: Date;
  cpuCoreHours: number;
  memGbHours: number;
  storageGbHours: number;
  cpuUsageCoreHours: number;
  cpuRequestCoreHours: number;
  memUsageGbHours: number;
  memRequestGbHours: number;
  pods: number;
  /** The most seconds of the hour any row was sampled for. */
  sampledSeconds: number;
}

export type UsageGroup = "namespace" | "workload" | "person";

export interface GroupUsage {
  /** Index of the price segment the hours fall in (see priceSegments). */
  segment: number;
  namespace: string | null;
  workload: string | null;
  personId: string | null;
  attribution: string | null;
  guildId: string | null;
  cpuCoreHours: number;
  memGbHours: number;
  storageGbHours: number;
}

export interface DayResourceUsage {
  day: string;
  segment: number;
  namespace: string;
  workload: string;
  cpuCoreHours: number;
  memGbHours: number;
  storageGbHours: number;
}

/** An empty visible set matches nothing (never "everything"). */
function whereOf(f: UsageFilter): Prisma.Sql {
  const parts = [
    Prisma.sql`"clusterId" = ${f.clusterId}`,
    Prisma.sql`"hour" >= ${f.from}`,
    Prisma.sql`"hour" < ${f.to}`,
  ];
  if (f.namespaces !== null)
    parts.push(
      f.namespaces.length === 0
        ? Prisma.sql`FALSE`
        : Prisma.sql`"namespace" IN (${Prisma.join(f.namespaces)})`,
    );
  if (f.workload !== undefined) parts.push(Prisma.sql`"workload" = ${f.workload}`);
  if (f.personId !== undefined) parts.push(Prisma.sql`"personId" = ${f.personId}`);
  if (f.guildId !== undefined) parts.push(Prisma.sql`"guildId" = ${f.guildId}`);
  return Prisma.join(parts, " AND ");
}

/** Which price segment an hour falls in, given the segments' inner boundaries (ascending). */
function segmentOf(boundaries: readonly Date[]): Prisma.Sql {
  if (boundaries.length === 0) return Prisma.sql`0`;
  const arms = boundaries.map((b, i) => Prisma.sql`WHEN "hour" < ${b} THEN ${i}::int`);
  return Prisma.sql`(CASE ${Prisma.join(arms, " ")} ELSE ${boundaries.length}::int END)`;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** Usage per hour, summed over the matching namespaces and workloads. */
export async function sumUsageByHour(prisma: PrismaClient, f: UsageFilter): Promise<HourUsage[]> {
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT "hour",
      SUM("cpuCoreHours") AS cpu, SUM("memGbHours") AS mem, SUM("storageGbHours") AS storage,
      SUM("cpuUsageCoreHours") AS cpu_use, SUM("cpuRequestCoreHours") AS cpu_req,
      SUM("memUsageGbHours") AS mem_use, SUM("memRequestGbHours") AS mem_req,
      SUM("pods") AS pods, MAX("sampledSeconds") AS sampled
    FROM "UsageHour" WHERE ${whereOf(f)}
    GROUP BY "hour" ORDER BY "hour"`;
  return rows.map((r) => ({
    hour: new Date(r.hour as Date),
    cpuCoreHours: num(r.cpu),
    memGbHours: num(r.mem),
    storageGbHours: num(r.storage),
    cpuUsageCoreHours: num(r.cpu_use),
    cpuRequestCoreHours: num(r.cpu_req),
    memUsageGbHours: num(r.mem_use),
    memRequestGbHours: num(r.mem_req),
    pods: num(r.pods),
    sampledSeconds: num(r.sampled),
  }));
}

const groupColumns: Record<UsageGroup, Prisma.Sql> = {
  namespace: Prisma.sql`"namespace"`,
  workload: Prisma.sql`"namespace", "workload"`,
  person: Prisma.sql`"personId", "attribution", "guildId"`,
};

/** Quantities per group and price segment (the caller prices each segment with its prices). */
export async function sumUsageByGroup(
  prisma: PrismaClient,
  f: UsageFilter,
  by: UsageGroup,
  boundaries: readonly Date[],
): Promise<GroupUsage[]> {
  const columns = groupColumns[by];
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT ${columns}, ${segmentOf(boundaries)} AS segment,
      SUM("cpuCoreHours") AS cpu, SUM("memGbHours") AS mem, SUM("storageGbHours") AS storage
    FROM "UsageHour" WHERE ${whereOf(f)}
    GROUP BY ${columns}, segment`;
  return rows.map((r) => ({
    segment: num(r.segment),
    namespace: (r.namespace as string | undefined) ?? null,
    workload: (r.workload as string | undefined) ?? null,
    personId: (r.personId as string | undefined) ?? null,
    attribution: (r.attribution as string | undefined) ?? null,
    guildId: (r.guildId as string | undefined) ?? null,
    cpuCoreHours: num(r.cpu),
    memGbHours: num(r.mem),
    storageGbHours: num(r.storage),
  }));
}

/** A person's workloads with how each was attributed (the person view). */
export async function sumPersonWorkloads(
  prisma: PrismaClient,
  f: UsageFilter & { personId: string },
  boundaries: readonly Date[],
): Promise<(GroupUsage & { namespace: string; workload: string; attribution: string })[]> {
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT "namespace", "workload", "attribution", ${segmentOf(boundaries)} AS segment,
      SUM("cpuCoreHours") AS cpu, SUM("memGbHours") AS mem, SUM("storageGbHours") AS storage
    FROM "UsageHour" WHERE ${whereOf(f)}
    GROUP BY "namespace", "workload", "attribution", segment
    ORDER BY "namespace", "workload", "attribution"`;
  return rows.map((r) => ({
    segment: num(r.segment),
    namespace: r.namespace as string,
    workload: r.workload as string,
    attribution: r.attribution as string,
    personId: f.personId,
    guildId: null,
    cpuCoreHours: num(r.cpu),
    memGbHours: num(r.mem),
    storageGbHours: num(r.storage),
  }));
}

/**
 * One UTC day's usage per (namespace, workload) and price segment, in
 * (namespace, workload) order: the export reads a period one day at a time,
 * so what it holds is one day's rows plus the CSV written so far.
 */
export async function sumDayByResource(
  prisma: PrismaClient,
  f: UsageFilter,
  boundaries: readonly Date[],
): Promise<DayResourceUsage[]> {
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT "namespace", "workload", ${segmentOf(boundaries)} AS segment,
      SUM("cpuCoreHours") AS cpu, SUM("memGbHours") AS mem, SUM("storageGbHours") AS storage
    FROM "UsageHour" WHERE ${whereOf(f)}
    GROUP BY "namespace", "workload", segment
    ORDER BY "namespace", "workload", segment`;
  const day = f.from.toISOString().slice(0, 10);
  return rows.map((r) => ({
    day,
    segment: num(r.segment),
    namespace: r.namespace as string,
    workload: r.workload as string,
    cpuCoreHours: num(r.cpu),
    memGbHours: num(r.mem),
    storageGbHours: num(r.storage),
  }));
}

export interface CapacityHour {
  hour: Date;
  nodes: number;
  cpuCapacityCoreHours: number;
  memCapacityGbHours: number;
  cpuAllocatedCoreHours: number;
  memAllocatedGbHours: number;
  sampledSeconds: number;
}

/** The cluster's node capacity and allocation per hour (idle cost and the charts' capacity line). */
export function listCapacityHours(
  prisma: PrismaClient,
  clusterId: string,
  from: Date,
  to: Date,
): Promise<CapacityHour[]> {
  return prisma.clusterHour.findMany({
    where: { clusterId, hour: { gte: from, lt: to } },
    orderBy: { hour: "asc" },
    select: {
      hour: true,
      nodes: true,
      cpuCapacityCoreHours: true,
      memCapacityGbHours: true,
      cpuAllocatedCoreHours: true,
      memAllocatedGbHours: true,
      sampledSeconds: true,
    },
  });
}

/** Gaps (no metrics) overlapping [from, to). */
export function listUsageGaps(
  prisma: PrismaClient,
  clusterId: string,
  from: Date,
  to: Date,
): Promise<{ from: Date; to: Date; reason: string }[]> {
  return prisma.usageGap.findMany({
    where: { clusterId, from: { lt: to }, to: { gt: from } },
    orderBy: { from: "asc" },
    select: { from: true, to: true, reason: true },
  });
}

/** Namespaces with usage in the period (among the filter's), for the person view. */
export async function listUsageNamespaces(prisma: PrismaClient, f: UsageFilter): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ namespace: string }[]>`
    SELECT DISTINCT "namespace" FROM "UsageHour" WHERE ${whereOf(f)} ORDER BY "namespace"`;
  return rows.map((r) => r.namespace);
}

// ---- prices and settings

export interface CostPriceRow {
  effectiveFrom: Date;
  cpuPerCoreHour: number;
  memoryPerGbHour: number;
  storagePerGbMonth: number;
  currency: string;
  setBy: string;
}

/** Every price row of the cluster, oldest first. */
export function listCostPrices(prisma: PrismaClient, clusterId: string): Promise<CostPriceRow[]> {
  return prisma.costPrice.findMany({
    where: { clusterId },
    orderBy: { effectiveFrom: "asc" },
    select: {
      effectiveFrom: true,
      cpuPerCoreHour: true,
      memoryPerGbHour: true,
      storagePerGbMonth: true,
      currency: true,
      setBy: true,
    },
  });
}

export async function insertCostPrice(
  prisma: PrismaClient,
  clusterId: string,
  row: CostPriceRow,
): Promise<void> {
  await prisma.costPrice.create({ data: { clusterId, ...row } });
}

export async function findCostSettings(
  prisma: PrismaClient,
  clusterId: string,
): Promise<{ opencostUrl: string | null } | null> {
  return prisma.costSettings.findUnique({ where: { clusterId }, select: { opencostUrl: true } });
}

export async function setOpencostUrl(
  prisma: PrismaClient,
  clusterId: string,
  opencostUrl: string | null,
  updatedBy: string,
): Promise<void> {
  await prisma.costSettings.upsert({
    where: { clusterId },
    create: { clusterId, opencostUrl, updatedBy },
    update: { opencostUrl, updatedBy },
  });
}

// ---- budgets and alerts

export interface BudgetRow {
  id: string;
  clusterId: string;
  guildId: string;
  scopeKind: string;
  scopeValue: string;
  period: string;
  threshold: number;
  createdBy: string;
}

const budgetSelect = {
  id: true,
  clusterId: true,
  guildId: true,
  scopeKind: true,
  scopeValue: true,
  period: true,
  threshold: true,
  createdBy: true,
} as const;

/** A cluster's budgets; with `guildId`, only that guild's. */
export function listCostBudgets(
  prisma: PrismaClient,
  clusterId: string,
  guildId?: string,
): Promise<BudgetRow[]> {
  return prisma.costBudget.findMany({
    where: { clusterId, ...(guildId ? { guildId } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: budgetSelect,
  });
}

/** Creates or replaces the guild's budget for a scope and period (one per scope and period). */
export function upsertCostBudget(prisma: PrismaClient, row: Omit<BudgetRow, "id">): Promise<BudgetRow> {
  const key = {
    clusterId: row.clusterId,
    guildId: row.guildId,
    scopeKind: row.scopeKind,
    scopeValue: row.scopeValue,
    period: row.period,
  };
  return prisma.costBudget.upsert({
    where: { clusterId_guildId_scopeKind_scopeValue_period: key },
    create: row,
    update: { threshold: row.threshold, createdBy: row.createdBy },
    select: budgetSelect,
  });
}

/** Deletes a guild's own budget; false when there was none (another guild's is never touched). */
export async function deleteCostBudget(
  prisma: PrismaClient,
  where: { id: string; clusterId: string; guildId: string },
): Promise<boolean> {
  const { count } = await prisma.costBudget.deleteMany({ where });
  return count > 0;
}

/** The alert kinds already sent for a budget in the period starting at `periodStart`. */
export async function listSentBudgetAlerts(
  prisma: PrismaClient,
  budgetId: string,
  periodStart: Date,
): Promise<string[]> {
  const rows = await prisma.budgetAlert.findMany({
    where: { budgetId, periodStart },
    select: { kind: true },
  });
  return rows.map((r) => r.kind);
}

/**
 * Records an alert for (budget, period, kind); true only for the one caller
 * whose insert won (the primary key refuses the rest, also across processes).
 */
export async function claimBudgetAlert(
  prisma: PrismaClient,
  alert: { budgetId: string; periodStart: Date; kind: string; amount: number; sentAt: Date },
): Promise<boolean> {
  const inserted = await prisma.$executeRaw`
    INSERT INTO "BudgetAlert" ("budgetId", "periodStart", "kind", "amount", "sentAt")
    VALUES (${alert.budgetId}, ${alert.periodStart}, ${alert.kind}, ${alert.amount}, ${alert.sentAt})
    ON CONFLICT DO NOTHING`;
  return inserted === 1;
}
