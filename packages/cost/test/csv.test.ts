import { describe, expect, it } from "vitest";
import { type CostCsvRow, costCsv, costCsvFilename } from "../src/csv";

const row = (over: Partial<CostCsvRow>): CostCsvRow => ({
  day: "2026-11-01",
  namespace: "shop",
  workload: "Deployment/web",
  cpuCoreHours: 24,
  memoryGbHours: 48,
  storageGbHours: 240,
  cpuCost: 1.2,
  memoryCost: 0.48,
  storageCost: 240 * (0.1 / 730),
  total: 1.2 + 0.48 + 240 * (0.1 / 730),
  currency: "USD",
  ...over,
});

describe("costCsv", () => {
  it("writes a header and one CRLF row per day and resource, numbers with fixed decimals", () => {
    expect(costCsv([row({})])).toBe(
      "day,namespace,workload,cpu_core_hours,memory_gib_hours,storage_gib_hours,cpu_cost,memory_cost,storage_cost,total_cost,currency\r\n" +
        "2026-11-01,shop,Deployment/web,24.0000,48.0000,240.0000,1.200000,0.480000,0.032877,1.712877,USD\r\n",
    );
  });

  it("quotes and defuses text a spreadsheet would run", () => {
    const out = costCsv([row({ workload: '=HYPERLINK("x"),1' })]);
    expect(out.split("\r\n")[1]).toContain(`"'=HYPERLINK(""x""),1"`);
  });

  it("names the file after cluster and dates", () => {
    expect(
      costCsvFilename("prod/eu 1", new Date("2026-11-01T00:00:00Z"), new Date("2026-11-30T10:00:00Z")),
    ).toBe("clustercord-cost-prod-eu-1-2026-11-01-2026-11-30.csv");
  });
});
