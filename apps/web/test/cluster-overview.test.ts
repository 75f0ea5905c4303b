import type { ResourceRow } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  formatBytes,
  parseQuantity,
  podsByStatus,
  recentWarnings,
  summarizeNodes,
  unreadyWorkloads,
} from "../src/app/clusters/[clusterId]/overview";

const row = (over: Partial<ResourceRow>): ResourceRow => ({
  name: "x",
  namespace: "",
  status: "Ready",
  tone: "ok",
  createdAt: "2026-01-01T00:00:00Z",
  cells: [],
  ...over,
});

describe("parseQuantity", () => {
  it.each([
    ["4", 4],
    ["3500m", 3.5],
    ["16Gi", 16 * 2 ** 30],
    ["2048Ki", 2 * 2 ** 20],
    ["1G", 1e9],
  ])("%s is %d", (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it("says NaN for what is not a quantity", () => {
    expect(parseQuantity("")).toBeNaN();
    expect(parseQuantity("4 cores")).toBeNaN();
  });
});

describe("summarizeNodes", () => {
  it("counts Ready (cordoned too) and NotReady, and sums the capacity it can read", () => {
    const summary = summarizeNodes([
      row({ status: "Ready", cells: ["<none>", "v1", "4", "8Gi"] }),
      row({ status: "Ready,SchedulingDisabled", cells: ["<none>", "v1", "2", "8Gi"] }),
      row({ status: "NotReady", tone: "error", cells: ["<none>", "v1", "", "garbage"] }),
    ]);
    expect(summary).toEqual({ ready: 2, notReady: 1, cordoned: 1, cpu: 6, memoryBytes: 16 * 2 ** 30 });
    expect(formatBytes(summary.memoryBytes)).toBe("16 GiB");
    expect(formatBytes(1.5 * 2 ** 30)).toBe("1.5 GiB");
  });
});

describe("podsByStatus", () => {
  it("counts pods per status, the troubled ones first", () => {
    expect(
      podsByStatus([
        row({ status: "Running" }),
        row({ status: "Running" }),
        row({ status: "Pending", tone: "pending" }),
        row({ status: "CrashLoopBackOff", tone: "error" }),
      ]),
    ).toEqual([
      { status: "CrashLoopBackOff", tone: "error", count: 1 },
      { status: "Pending", tone: "pending", count: 1 },
      { status: "Running", tone: "ok", count: 2 },
    ]);
  });
});

describe("recentWarnings", () => {
  it("keeps Warning events only, newest first, at most `max`", () => {
    const event = (type: string, reason: string, lastSeen: string) =>
      row({ status: type, namespace: "shop", cells: [reason, "pod/web-1", "boom", "3", lastSeen] });
    const warnings = recentWarnings(
      [
        event("Warning", "Old", "2026-01-01T00:00:00Z"),
        event("Normal", "Pulled", "2026-01-03T00:00:00Z"),
        event("Warning", "BackOff", "2026-01-02T00:00:00Z"),
        event("Warning", "Oldest", "2025-12-01T00:00:00Z"),
      ],
      2,
    );
    expect(warnings.map((w) => w.reason)).toEqual(["BackOff", "Old"]);
    expect(warnings[0]).toMatchObject({ namespace: "shop", object: "pod/web-1", message: "boom", count: 3 });
  });
});

describe("unreadyWorkloads", () => {
  it("lists the workloads that are not fine, with ready/desired", () => {
    expect(
      unreadyWorkloads([
        {
          kind: "deployments",
          rows: [
            row({ name: "web", namespace: "shop", cells: ["3/3"] }),
            row({ name: "api", namespace: "shop", status: "Progressing", tone: "pending", cells: ["1/2"] }),
          ],
        },
        {
          kind: "daemonsets",
          rows: [
            row({
              name: "agent",
              namespace: "kube",
              status: "NotReady",
              tone: "warning",
              cells: ["3", "3", "1"],
            }),
          ],
        },
      ]),
    ).toEqual([
      { kind: "daemonsets", namespace: "kube", name: "agent", status: "NotReady", ready: "1/3" },
      { kind: "deployments", namespace: "shop", name: "api", status: "Progressing", ready: "1/2" },
    ]);
  });
});
