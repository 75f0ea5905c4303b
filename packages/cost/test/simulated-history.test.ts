import { describe, expect, it } from "vitest";
import { rollupHour, simulateHistory, type UsageSampleRow } from "../src/index";

describe("simulateHistory (demo only)", () => {
  const row: UsageSampleRow = {
    at: new Date("2026-11-30T10:05:00Z"),
    namespace: "shop",
    workload: "Deployment/web",
    attribution: "guild",
    personId: null,
    guildId: "200000000000000001",
    pods: 3,
    cpuUsageCores: 0.3,
    cpuRequestCores: 0.3,
    memUsageGb: 0.25,
    memRequestGb: 0.375,
    storageGb: 1,
    seconds: 60,
  };
  const { samples, passes } = simulateHistory(
    [row],
    [{ status: { capacity: { cpu: "4", memory: "16Gi" } } }],
    {
      days: 2,
      end: new Date("2026-11-30T10:05:00Z"),
    },
  );

  it("fills each whole hour of the days before the current hour, and none after", () => {
    expect(samples).toHaveLength(48);
    expect(passes).toHaveLength(48);
    expect(samples[0]?.at).toEqual(new Date("2026-11-28T10:00:00Z"));
    expect(samples.at(-1)?.at).toEqual(new Date("2026-11-30T09:00:00Z"));
    expect(passes[0]).toMatchObject({ seconds: 3600, nodes: 1, cpuCapacityCores: 4, memCapacityGb: 16 });
  });

  it("keeps requests, pods and storage; only usage varies", () => {
    const hours = rollupHour(samples);
    expect(hours).toHaveLength(48);
    for (const h of hours)
      expect(h).toMatchObject({ pods: 3, cpuRequestCoreHours: 0.3, storageGbHours: 1, sampledSeconds: 3600 });
    expect(new Set(samples.map((s) => s.cpuUsageCores)).size).toBeGreaterThan(10);
  });
});
