import { describe, expect, it } from "vitest";
import {
  EVENTS_KEPT,
  EventsCollector,
  MetricsTotals,
  nodeSummary,
  persistentVolumeSummary,
} from "../../src/snapshots/summaries";

describe("manifest summaries", () => {
  it("sums requests of running pods and usage from metrics.k8s.io", () => {
    const totals = new MetricsTotals();
    const pod = (phase: string, cpu: string, memory: string) => ({
      status: { phase },
      spec: { containers: [{ resources: { requests: { cpu, memory } } }, { resources: {} }] },
    });
    totals.addPod(pod("Running", "250m", "128Mi"));
    totals.addPod(pod("Pending", "1", "1Gi"));
    totals.addPod(pod("Succeeded", "4", "4Gi"));
    expect(totals.summary()).toEqual({
      cpu: { requested: 1.25, used: null },
      memory: { requested: 128 * 2 ** 20 + 2 ** 30, used: null },
    });
    totals.addUsage({ containers: [{ usage: { cpu: "120000000n", memory: "50Mi" } }] });
    expect(totals.summary().cpu.used).toBeCloseTo(0.12, 5);
    expect(totals.summary().memory.used).toBe(50 * 2 ** 20);
  });

  it("summarises nodes and persistent volumes", () => {
    expect(
      nodeSummary({
        metadata: { name: "n1", labels: { "node-role.kubernetes.io/control-plane": "" } },
        spec: {},
        status: {
          conditions: [{ type: "Ready", status: "True" }],
          nodeInfo: { kubeletVersion: "v1.34.1" },
          capacity: { cpu: "4", memory: "8Gi", pods: "110" },
          allocatable: { cpu: "3500m", memory: "7Gi", pods: "110" },
        },
      }),
    ).toEqual({
      name: "n1",
      ready: true,
      roles: ["control-plane"],
      kubeletVersion: "v1.34.1",
      capacity: { cpu: 4, memory: 8 * 2 ** 30, pods: 110 },
      allocatable: { cpu: 3.5, memory: 7 * 2 ** 30, pods: 110 },
      unschedulable: false,
    });
    expect(
      persistentVolumeSummary({
        metadata: { name: "pv1" },
        spec: {
          capacity: { storage: "1Gi" },
          claimRef: { namespace: "shop", name: "data" },
          storageClassName: "local",
        },
        status: { phase: "Bound" },
      }),
    ).toMatchObject({ name: "pv1", capacity: 2 ** 30, claim: "shop/data", phase: "Bound" });
  });

  it("keeps counts of every event but only the most recent ones, Warnings first", () => {
    const events = new EventsCollector();
    for (let i = 0; i < 1000; i++) {
      events.add({
        metadata: { namespace: "shop" },
        type: i % 10 === 0 ? "Warning" : "Normal",
        reason: "R",
        message: `m${i}`,
        involvedObject: { kind: "Pod", name: `p${i}` },
        lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      });
    }
    const summary = events.summary();
    expect(summary.total).toBe(1000);
    expect(summary.warnings).toBe(100);
    expect(summary.recent).toHaveLength(EVENTS_KEPT);
    expect(summary.recent.slice(0, 100).every((e) => e.type === "Warning")).toBe(true);
    expect(summary.recent[0]?.message).toBe("m990");
    expect(summary.recent[100]?.message).toBe("m999");
  });
});
