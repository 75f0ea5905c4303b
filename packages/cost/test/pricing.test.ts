import { DEFAULT_COST_PRICES } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  idleQuantities,
  type PriceRow,
  priceAt,
  priceHours,
  priceQuantities,
  priceSegments,
} from "../src/pricing";

const h = (iso: string) => new Date(iso);
const cheap: PriceRow = {
  effectiveFrom: h("2026-11-10T12:00:00Z"),
  cpuPerCoreHour: 0.02,
  memoryPerGbHour: 0.004,
  storagePerGbMonth: 0.073,
  currency: "USD",
};
const dear: PriceRow = { ...cheap, effectiveFrom: h("2026-11-12T00:00:00Z"), cpuPerCoreHour: 0.1 };

describe("prices over time", () => {
  it("before the first row the guide's defaults apply; afterwards the row in effect at that time", () => {
    expect(priceAt([dear, cheap], h("2026-11-10T11:59:59Z"))).toEqual(DEFAULT_COST_PRICES);
    expect(priceAt([dear, cheap], h("2026-11-10T12:00:00Z")).cpuPerCoreHour).toBe(0.02);
    expect(priceAt([dear, cheap], h("2026-11-20T00:00:00Z")).cpuPerCoreHour).toBe(0.1);
  });

  it("a period is cut where prices change", () => {
    const segments = priceSegments([cheap, dear], h("2026-11-10T00:00:00Z"), h("2026-11-13T00:00:00Z"));
    expect(segments.map((s) => [s.from.toISOString(), s.to.toISOString(), s.prices.cpuPerCoreHour])).toEqual([
      ["2026-11-10T00:00:00.000Z", "2026-11-10T12:00:00.000Z", 0.05],
      ["2026-11-10T12:00:00.000Z", "2026-11-12T00:00:00.000Z", 0.02],
      ["2026-11-12T00:00:00.000Z", "2026-11-13T00:00:00.000Z", 0.1],
    ]);
    // A change outside the period does not cut it.
    expect(priceSegments([cheap], h("2026-11-11T00:00:00Z"), h("2026-11-11T05:00:00Z"))).toHaveLength(1);
  });
});

describe("cost of usage", () => {
  it("cpu × per core-hour + memory × per GiB-hour + storage × per GiB-month / 730", () => {
    // 4 core-hours × 0.05 = 0.20; 16 GiB-hours × 0.01 = 0.16; 730 GiB-hours × 0.10 / 730 = 0.10
    const cost = priceQuantities(
      { cpuCoreHours: 4, memGbHours: 16, storageGbHours: 730 },
      DEFAULT_COST_PRICES,
    );
    expect(cost.cpuCost).toBeCloseTo(0.2, 12);
    expect(cost.memoryCost).toBeCloseTo(0.16, 12);
    expect(cost.storageCost).toBeCloseTo(0.1, 12);
    expect(cost.total).toBeCloseTo(0.46, 12);
  });

  it("each hour is priced with the prices of its time, never retroactively", () => {
    const rows = [
      { hour: h("2026-11-10T11:00:00Z"), cpuCoreHours: 2, memGbHours: 0, storageGbHours: 0 }, // 2 × 0.05
      { hour: h("2026-11-10T12:00:00Z"), cpuCoreHours: 2, memGbHours: 10, storageGbHours: 0 }, // 2 × 0.02 + 10 × 0.004
      { hour: h("2026-11-12T03:00:00Z"), cpuCoreHours: 1, memGbHours: 0, storageGbHours: 10 }, // 0.1 + 10 × 0.073 / 730
    ];
    const cost = priceHours(rows, [dear, cheap]);
    expect(cost.cpuCost).toBeCloseTo(0.1 + 0.04 + 0.1, 12);
    expect(cost.memoryCost).toBeCloseTo(0.04, 12);
    expect(cost.storageCost).toBeCloseTo(0.001, 12);
    expect(cost.total).toBeCloseTo(0.281, 12);
    expect(cost.cpuCoreHours).toBe(5);
  });

  it("idle is capacity nobody requested, never negative", () => {
    expect(
      idleQuantities({
        cpuCapacityCoreHours: 8,
        memCapacityGbHours: 32,
        cpuAllocatedCoreHours: 5.5,
        memAllocatedGbHours: 40,
      }),
    ).toEqual({ cpuCoreHours: 2.5, memGbHours: 0, storageGbHours: 0 });
  });
});
