/**
 * The database's sums priced: each hour (or price segment) with the prices
 * in effect then (@clustercord/cost), never retroactively.
 */
import type { CostAmounts, CostPrices } from "@clustercord/contracts";
import {
  addAmounts,
  idleQuantities,
  type PriceRow,
  priceAt,
  priceQuantities,
  priceSegments,
  sumAmounts,
  ZERO_AMOUNTS,
} from "@clustercord/cost";
import {
  type CostPriceRow,
  type GroupUsage,
  type HourUsage,
  listCapacityHours,
  listCostPrices,
  type PrismaClient,
  sumUsageByGroup,
  sumUsageByHour,
  type UsageFilter,
  type UsageGroup,
} from "@clustercord/db";

/** The cluster's price rows, oldest first (each is a PriceRow, with who set it). */
export const loadPrices = (prisma: PrismaClient, clusterId: string): Promise<CostPriceRow[]> =>
  listCostPrices(prisma, clusterId);

/** The currency of the prices in effect now. */
export const currencyNow = (history: readonly PriceRow[], now: Date): CostPrices["currency"] =>
  priceAt(history, now).currency;

export interface PricedHour extends HourUsage {
  amounts: CostAmounts;
}

/** Usage per hour over the filter, each hour priced with its time's prices. */
export async function pricedHours(
  prisma: PrismaClient,
  filter: UsageFilter,
  history: readonly PriceRow[],
): Promise<PricedHour[]> {
  const hours = await sumUsageByHour(prisma, filter);
  return hours.map((h) => ({ ...h, amounts: priceQuantities(h, priceAt(history, h.hour)) }));
}

export const totalOf = (hours: readonly PricedHour[]): CostAmounts => sumAmounts(hours.map((h) => h.amounts));

/** Sums per group, each price segment priced with its own prices, merged per key. */
export async function pricedGroups(
  prisma: PrismaClient,
  filter: UsageFilter,
  by: UsageGroup,
  history: readonly PriceRow[],
  keyOf: (row: GroupUsage) => string,
): Promise<Map<string, { row: GroupUsage; amounts: CostAmounts }>> {
  const segments = priceSegments(history, filter.from, filter.to);
  const rows = await sumUsageByGroup(
    prisma,
    filter,
    by,
    segments.slice(1).map((s) => s.from),
  );
  const out = new Map<string, { row: GroupUsage; amounts: CostAmounts }>();
  for (const row of rows) {
    const prices = segments[row.segment]?.prices ?? priceAt(history, filter.from);
    const amounts = priceQuantities(row, prices);
    const key = keyOf(row);
    const held = out.get(key);
    out.set(key, held ? { row: held.row, amounts: addAmounts(held.amounts, amounts) } : { row, amounts });
  }
  return out;
}

/** Idle (capacity no pod requested) over [from, to), priced per hour. */
export async function idleAmounts(
  prisma: PrismaClient,
  clusterId: string,
  from: Date,
  to: Date,
  history: readonly PriceRow[],
): Promise<CostAmounts> {
  const hours = await listCapacityHours(prisma, clusterId, from, to);
  return hours.reduce(
    (sum, h) => addAmounts(sum, priceQuantities(idleQuantities(h), priceAt(history, h.hour))),
    ZERO_AMOUNTS,
  );
}
