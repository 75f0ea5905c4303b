import { describe, expect, it } from "vitest";
import {
  type ClusterPass,
  mergeHours,
  rollupClusterHour,
  rollupHour,
  type UsageSampleRow,
} from "../src/index";

const ALICE = "100000000000000001";
const BOB = "100000000000000002";

const sample = (at: string, over: Partial<UsageSampleRow>): UsageSampleRow => ({
  at: new Date(at),
  namespace: "shop",
  workload: "Deployment/web",
  attribution: "guild",
  personId: null,
  guildId: "200000000000000001",
  pods: 1,
  cpuUsageCores: 0,
  cpuRequestCores: 0,
  memUsageGb: 0,
  memRequestGb: 0,
  storageGb: 0,
  seconds: 60,
  ...over,
});

describe("rollupHour", () => {
  // web: usage above request in the first pass, below in the second; 15-minute passes.
  const samples = [
    sample("2026-11-30T10:05:00Z", {
      pods: 2,
      cpuUsageCores: 1.5,
      cpuRequestCores: 1,
      memUsageGb: 1,
      memRequestGb: 2,
      seconds: 900,
    }),
    sample("2026-11-30T10:20:00Z", {
      pods: 3,
      cpuUsageCores: 0.5,
      cpuRequestCores: 1,
      memUsageGb: 3,
      memRequestGb: 2,
      seconds: 900,
    }),
    sample("2026-11-30T10:35:00Z", {
      workload: "StatefulSet/db",
      attribution: "created-by",
      personId: ALICE,
      storageGb: 20,
      seconds: 1800,
    }),
    sample("2026-11-30T11:00:00Z", { cpuRequestCores: 2, seconds: 3600 }),
  ];
  const hours = rollupHour(samples);

  it("charges max(request, usage) per pass and keeps usage and requests apart", () => {
    expect(hours[0]).toEqual({
      hour: new Date("2026-11-30T10:00:00Z"),
      namespace: "shop",
      workload: "Deployment/web",
      attribution: "guild",
      personId: null,
      guildId: "200000000000000001",
      pods: 3,
      // max(1, 1.5) × 0.25 h + max(1, 0.5) × 0.25 h = 0.375 + 0.25
      cpuCoreHours: 0.625,
      // max(2, 1) × 0.25 + max(2, 3) × 0.25 = 0.5 + 0.75
      memGbHours: 1.25,
      storageGbHours: 0,
      // (1.5 + 0.5) × 0.25
      cpuUsageCoreHours: 0.5,
      cpuRequestCoreHours: 0.5,
      memUsageGbHours: 1,
      memRequestGbHours: 1,
      sampledSeconds: 1800,
    });
  });

  it("charges storage by capacity over time, and starts a new row each hour", () => {
    expect(hours[1]).toMatchObject({ workload: "StatefulSet/db", personId: ALICE, storageGbHours: 10 });
    expect(hours[2]).toMatchObject({
      hour: new Date("2026-11-30T11:00:00Z"),
      workload: "Deployment/web",
      cpuCoreHours: 2,
      sampledSeconds: 3600,
    });
    expect(hours).toHaveLength(3);
  });

  it("equals the merge of the rollups of each pass, in any split", () => {
    const passByPass = samples.reduce(
      (acc, s) => mergeHours(acc, rollupHour([s])),
      [] as ReturnType<typeof rollupHour>,
    );
    expect(passByPass).toEqual(hours);
  });

  it("takes the latest pass's attribution", () => {
    const [row] = rollupHour([
      sample("2026-11-30T10:40:00Z", { attribution: "created-by", personId: BOB }),
      sample("2026-11-30T10:10:00Z", { attribution: "created-by", personId: ALICE }),
    ]);
    expect(row?.personId).toBe(BOB);
  });
});

describe("rollupClusterHour", () => {
  it("turns each pass's capacity and requests into core-hours and GiB-hours", () => {
    const pass = (at: string, over: Partial<ClusterPass> = {}): ClusterPass => ({
      at: new Date(at),
      seconds: 1800,
      nodes: 3,
      cpuCapacityCores: 12,
      memCapacityGb: 48,
      cpuAllocatedCores: 3,
      memAllocatedGb: 6,
      ...over,
    });
    expect(
      rollupClusterHour([
        pass("2026-11-30T10:00:00Z"),
        pass("2026-11-30T10:20:00Z", { nodes: 4, cpuCapacityCores: 16 }),
      ]),
    ).toEqual([
      {
        hour: new Date("2026-11-30T10:00:00Z"),
        nodes: 4,
        // 12 × 0.5 h + 16 × 0.5 h
        cpuCapacityCoreHours: 14,
        // 48 × 0.5 h, twice
        memCapacityGbHours: 48,
        cpuAllocatedCoreHours: 3,
        memAllocatedGbHours: 6,
        sampledSeconds: 3600,
      },
    ]);
  });
});
