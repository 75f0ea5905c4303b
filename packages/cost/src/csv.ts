import { csvField } from "@clustercord/contracts";

/** One CSV row: a resource (namespace, workload) on one UTC day. */
export interface CostCsvRow {
  day: string;
  namespace: string;
  workload: string;
  cpuCoreHours: number;
  memoryGbHours: number;
  storageGbHours: number;
  cpuCost: number;
  memoryCost: number;
  storageCost: number;
  total: number;
  currency: string;
}

export const COST_CSV_HEADER = [
  "day",
  "namespace",
  "workload",
  "cpu_core_hours",
  "memory_gib_hours",
  "storage_gib_hours",
  "cpu_cost",
  "memory_cost",
  "storage_cost",
  "total_cost",
  "currency",
] as const;

// Fixed decimals: the same numbers give the same bytes on every client.
const quantity = (n: number) => n.toFixed(4);
const amount = (n: number) => n.toFixed(6);

/** The header line (CRLF-terminated, as RFC 4180 asks). */
export const costCsvHeader = () => `${COST_CSV_HEADER.join(",")}\r\n`;

/** One row, CRLF-terminated; text fields quoted and made formula-safe. */
export function costCsvLine(row: CostCsvRow): string {
  return `${[
    csvField(row.day),
    csvField(row.namespace),
    csvField(row.workload),
    quantity(row.cpuCoreHours),
    quantity(row.memoryGbHours),
    quantity(row.storageGbHours),
    amount(row.cpuCost),
    amount(row.memoryCost),
    amount(row.storageCost),
    amount(row.total),
    csvField(row.currency),
  ].join(",")}\r\n`;
}

/** The whole CSV for rows already in (day, namespace, workload) order. */
export function costCsv(rows: Iterable<CostCsvRow>): string {
  let out = costCsvHeader();
  for (const row of rows) out += costCsvLine(row);
  return out;
}

/** The download's name: clustercord-cost-<cluster>-<from>-<to>.csv (dates in UTC). */
export function costCsvFilename(cluster: string, from: Date, to: Date): string {
  const safe = cluster.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 64) || "cluster";
  return `clustercord-cost-${safe}-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv`;
}
