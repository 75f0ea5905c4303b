import { type CostAmounts, type CostPrices, DEFAULT_COST_PRICES } from "@clustercord/contracts";
import type { Span } from "./period";

/** Storage is priced per GiB-month; a month is 730 hours, as OpenCost counts it. */
export const HOURS_PER_MONTH = 730;

/** A price row: in effect from `effectiveFrom` until the next one (never retroactive). */
export interface PriceRow extends CostPrices {
  effectiveFrom: Date;
}

/** Usage quantities over some hours: core-hours, GiB-hours and GiB-hours of PVC capacity. */
export interface Quantities {
  cpuCoreHours: number;
  memGbHours: number;
  storageGbHours: number;
}

/** A span priced with one set of prices. */
export interface PriceSegment extends Span {
  prices: CostPrices;
}

const byTime = (history: readonly PriceRow[]) =>
  [...history].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());

const pricesOf = (row: PriceRow | undefined): CostPrices =>
  row
    ? {
        cpuPerCoreHour: row.cpuPerCoreHour,
        memoryPerGbHour: row.memoryPerGbHour,
        storagePerGbMonth: row.storagePerGbMonth,
        currency: row.currency,
      }
    : DEFAULT_COST_PRICES;

/** The prices in effect at `t` (the defaults before the first row). */
export function priceAt(history: readonly PriceRow[], t: Date): CostPrices {
  let current: PriceRow | undefined;
  for (const row of byTime(history)) if (row.effectiveFrom <= t) current = row;
  return pricesOf(current);
}

/**
 * [from, to) cut where the prices change, each piece with the prices of its
 * time: a query sums usage per piece and prices it with that piece's prices.
 */
export function priceSegments(history: readonly PriceRow[], from: Date, to: Date): PriceSegment[] {
  const segments: PriceSegment[] = [];
  let start = from;
  let prices = priceAt(history, from);
  for (const row of byTime(history)) {
    if (row.effectiveFrom <= from || row.effectiveFrom >= to) continue;
    segments.push({ from: start, to: row.effectiveFrom, prices });
    start = row.effectiveFrom;
    prices = pricesOf(row);
  }
  segments.push({ from: start, to, prices });
  return segments;
}

export const ZERO_AMOUNTS: CostAmounts = Object.freeze({
  cpuCoreHours: 0,
  memoryGbHours: 0,
  storageGbHours: 0,
  cpuCost: 0,
  memoryCost: 0,
  storageCost: 0,
  total: 0,
});

/** Quantities priced: cpu × per core-hour + memory × per GiB-hour + storage × per GiB-month / 730. */
export function priceQuantities(q: Quantities, prices: CostPrices): CostAmounts {
  const cpuCost = q.cpuCoreHours * prices.cpuPerCoreHour;
  const memoryCost = q.memGbHours * prices.memoryPerGbHour;
  const storageCost = (q.storageGbHours * prices.storagePerGbMonth) / HOURS_PER_MONTH;
  return {
    cpuCoreHours: q.cpuCoreHours,
    memoryGbHours: q.memGbHours,
    storageGbHours: q.storageGbHours,
    cpuCost,
    memoryCost,
    storageCost,
    total: cpuCost + memoryCost + storageCost,
  };
}

export function addAmounts(a: CostAmounts, b: CostAmounts): CostAmounts {
  return {
    cpuCoreHours: a.cpuCoreHours + b.cpuCoreHours,
    memoryGbHours: a.memoryGbHours + b.memoryGbHours,
    storageGbHours: a.storageGbHours + b.storageGbHours,
    cpuCost: a.cpuCost + b.cpuCost,
    memoryCost: a.memoryCost + b.memoryCost,
    storageCost: a.storageCost + b.storageCost,
    total: a.total + b.total,
  };
}

export const sumAmounts = (list: readonly CostAmounts[]): CostAmounts =>
  list.reduce(addAmounts, ZERO_AMOUNTS);

/** Each hour priced with the prices in effect at that hour, summed. */
export function priceHours(
  rows: readonly (Quantities & { hour: Date })[],
  history: readonly PriceRow[],
): CostAmounts {
  const sorted = byTime(history);
  return sumAmounts(rows.map((row) => priceQuantities(row, priceAt(sorted, row.hour))));
}

/** Node capacity and what pods requested of it, over some hours. */
export interface CapacityQuantities {
  cpuCapacityCoreHours: number;
  memCapacityGbHours: number;
  cpuAllocatedCoreHours: number;
  memAllocatedGbHours: number;
}

/** Idle: capacity no pod requested, priced like usage; storage is never idle (PVCs are allocated). */
export function idleQuantities(c: CapacityQuantities): Quantities {
  return {
    cpuCoreHours: Math.max(0, c.cpuCapacityCoreHours - c.cpuAllocatedCoreHours),
    memGbHours: Math.max(0, c.memCapacityGbHours - c.memAllocatedGbHours),
    storageGbHours: 0,
  };
}
