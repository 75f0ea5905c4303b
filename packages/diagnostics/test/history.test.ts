import type { Finding, ObjectRef } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  fingerprint,
  type HistoryRow,
  historyLine,
  nextHistory,
  passCovers,
  resourceOf,
  workloadOomFinding,
} from "../src/index";
import type { Pod } from "../src/kube";

const api: ObjectRef = { kind: "Deployment", namespace: "shop", name: "api" };
const oom = (target: ObjectRef = api): Finding => ({
  id: "pod.crash-loop.oom-killed",
  severity: "CRITICAL",
  target,
  title: "api is OOMKilled",
  cause: "",
  evidence: [],
  recommendations: [],
  fingerprint: fingerprint("pod.crash-loop.oom-killed", target),
});
const t = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);
const everything = () => true;

/** Folds passes like the service does: the changed rows replace the stored ones. */
function fold(passes: { at: Date; seen: Finding[]; covers?: (t: ObjectRef) => boolean }[]): HistoryRow[] {
  const stored = new Map<string, HistoryRow>();
  for (const p of passes)
    for (const row of nextHistory([...stored.values()], p.seen, p.at, p.covers ?? everything))
      stored.set(row.fingerprint, row);
  return [...stored.values()];
}

describe("nextHistory (episodes)", () => {
  it("a first sighting opens episode 1; sightings while open extend it", () => {
    const [row] = fold([
      { at: t("10:00"), seen: [oom()] },
      { at: t("10:05"), seen: [oom()] },
    ]);
    expect(row).toMatchObject({
      occurrences: 1,
      firstSeen: t("10:00"),
      lastSeen: t("10:05"),
      openSince: t("10:00"),
      resolvedAt: null,
    });
  });

  it("a pass that covers the target and does not see it resolves it; a reappearance is episode 2, the resolution kept", () => {
    const rows = fold([
      { at: t("10:00"), seen: [oom()] },
      { at: t("10:05"), seen: [oom()] },
      { at: t("10:20"), seen: [] },
      { at: t("11:00"), seen: [oom()] },
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      occurrences: 2,
      firstSeen: t("10:00"),
      lastSeen: t("11:00"),
      openSince: t("11:00"),
      resolvedAt: t("10:20"),
      resolvedAfter: t("10:00"),
    });
  });

  it("a pass that did not cover the target leaves it open", () => {
    const rows = fold([
      { at: t("10:00"), seen: [oom()] },
      { at: t("10:20"), seen: [], covers: () => false },
    ]);
    expect(rows[0]?.openSince).toEqual(t("10:00"));
    expect(rows[0]?.resolvedAt).toBeNull();
  });

  it("returns only the rows a pass changed (resolved rows stay untouched by passes that do not see them)", () => {
    const first = nextHistory([], [oom()], t("10:00"), everything);
    const resolved = nextHistory(first, [], t("10:10"), everything);
    expect(resolved).toHaveLength(1);
    expect(nextHistory(resolved, [], t("10:20"), everything)).toEqual([]);
  });
});

describe("passCovers", () => {
  const pod: ObjectRef = { kind: "Pod", namespace: "shop", name: "api-1" };
  const node: ObjectRef = { kind: "Node", namespace: null, name: "n1" };
  const read = ["deployments", "nodes", "pods"];
  it("a target pass covers that target; a namespace pass all in it; a cluster pass everything read", () => {
    expect(passCovers({ kind: "target", target: api }, read, api)).toBe(true);
    expect(passCovers({ kind: "target", target: api }, read, pod)).toBe(false);
    expect(
      passCovers({ kind: "target", target: { kind: "Namespace", namespace: null, name: "shop" } }, read, pod),
    ).toBe(true);
    expect(passCovers({ kind: "namespaces", namespaces: ["shop"] }, read, node)).toBe(false);
    expect(passCovers({ kind: "cluster" }, read, node)).toBe(true);
  });
  it("never resolves a finding whose kind the person could not read", () => {
    expect(passCovers({ kind: "cluster" }, ["pods"], api)).toBe(false);
    expect(resourceOf("NetworkPolicy")).toBe("networkpolicies");
    expect(resourceOf("Ingress")).toBe("ingresses");
  });
});

describe("historyLine", () => {
  const row = fold([
    { at: t("10:00"), seen: [oom()] },
    { at: t("10:20"), seen: [] },
    { at: new Date("2026-11-25T09:00:00Z"), seen: [oom()] },
  ])[0] as HistoryRow;
  it("says how often since when, and what resolved it last", () => {
    expect(
      historyLine(row, {
        text: "rollback to revision 7 of api",
        actorName: "ana",
        at: "2026-11-24T10:15:00Z",
      }),
    ).toBe("seen 2 times since Tue 24 Nov; last resolved by rollback to revision 7 of api (ana, Tue 24 Nov)");
    expect(historyLine(row, null)).toBe("seen 2 times since Tue 24 Nov; last resolved Tue 24 Nov");
    expect(historyLine({ ...row, occurrences: 1, resolvedAt: null }, null)).toBe("first seen Tue 24 Nov");
  });
});

describe("workloadOomFinding (per-workload samples against the summed limit)", () => {
  const Mi = 2 ** 20;
  const now = new Date("2026-11-30T10:00:00Z");
  const at = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
  const pod = (name: string, limit = "256Mi"): Pod => ({
    metadata: { namespace: "shop", name },
    spec: { containers: [{ name: "app", resources: { limits: { memory: limit } } }] },
    status: { phase: "Running" },
  });
  it("two pods (512 MiB summed) climbing 4 MiB/min from 400 MiB: expected OOM in ~28 min, worded as a per-workload estimate", () => {
    const samples = [10, 8, 6, 4, 2, 0].map((m) => ({ at: at(m), memoryBytes: (400 - 4 * m) * Mi, pods: 2 }));
    const f = workloadOomFinding({ target: api, pods: [pod("a"), pod("b")], samples, now });
    expect(f?.id).toBe("workload.usage.oom-predicted");
    expect(f?.severity).toBe("HIGH");
    expect(f?.title).toBe("Deployment api: expected OOM in ~28 min");
    expect(f?.cause).toMatch(/sampled per workload, not per container/);
    expect(f?.evidence.map((e) => e.value)).toContain("512 MiB");
  });
  it("ignores samples from before the pod count changed, and says nothing without limits", () => {
    // A scale-up from 1 to 2 pods doubled the sum; the 2-pod samples alone are flat.
    const samples = [
      ...[10, 8, 6].map((m) => ({ at: at(m), memoryBytes: 150 * Mi, pods: 1 })),
      ...[4, 2, 0].map((m) => ({ at: at(m), memoryBytes: 300 * Mi, pods: 2 })),
    ];
    expect(workloadOomFinding({ target: api, pods: [pod("a"), pod("b")], samples, now })).toBeNull();
    const rising = [4, 2, 0].map((m) => ({ at: at(m), memoryBytes: (400 - 4 * m) * Mi, pods: 1 }));
    const noLimit: Pod = { ...pod("a"), spec: { containers: [{ name: "app" }] } };
    expect(workloadOomFinding({ target: api, pods: [noLimit], samples: rising, now })).toBeNull();
  });
});
