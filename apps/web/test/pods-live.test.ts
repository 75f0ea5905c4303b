import type { PodSummary, PodsListOutput } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { applyPodsChanged } from "../src/app/clusters/[clusterId]/pods/apply-changes";

const pod = (name: string, status = "Running"): PodSummary => ({
  name,
  namespace: "ns",
  phase: "Running",
  ready: "1/1",
  restarts: 0,
  node: "n1",
  createdAt: "2026-01-01T00:00:00Z",
  status,
  tone: status === "Running" ? "ok" : "pending",
});
const list = (names: string[]): PodsListOutput => ({
  pods: names.map((n) => pod(n)),
  total: names.length,
  nextCursor: null,
  state: "ready",
  resourceVersion: "10",
});
const event = (upserted: PodSummary[], deleted: string[], state: PodsListOutput["state"] = "ready") => ({
  clusterId: "c1",
  namespace: "ns",
  upserted,
  deleted,
  state,
  resourceVersion: "12",
});

describe("applyPodsChanged", () => {
  it("adds, replaces and removes rows, keeping them sorted by name", () => {
    const next = applyPodsChanged(
      list(["b", "d"]),
      event([pod("c"), pod("a"), pod("d", "Terminating")], ["b"]),
    );
    expect(next.pods.map((p) => [p.name, p.status])).toEqual([
      ["a", "Running"],
      ["c", "Running"],
      ["d", "Terminating"],
    ]);
    expect(next.total).toBe(3);
    expect(next.resourceVersion).toBe("12");
  });

  it("takes the cache's state, ignores unknown deletions and leaves the input untouched", () => {
    const before = list(["a"]);
    const next = applyPodsChanged(before, event([], ["zzz"], "stale"));
    expect(next.state).toBe("stale");
    expect(next.pods.map((p) => p.name)).toEqual(["a"]);
    expect(before.state).toBe("ready");
    expect(before.resourceVersion).toBe("10");
  });

  it("keeps the API's words about a list that is not served only while its state lasts", () => {
    const problem = {
      message: "This cluster has more pods than ClusterCord's limit (5).",
      limit: { name: "objects" as const, max: 5 },
    };
    const tooLarge = { ...list([]), state: "too-large" as const, problem };
    expect(applyPodsChanged(tooLarge, event([], [], "too-large")).problem).toEqual(problem);
    const back = applyPodsChanged(tooLarge, event([pod("a")], [], "ready"));
    expect(back.state).toBe("ready");
    expect(back.problem).toBeUndefined();
  });

  it("keeps the count of pods beyond the page", () => {
    const partial = { ...list(["a", "b"]), total: 5 };
    expect(applyPodsChanged(partial, event([pod("c")], [])).total).toBe(6);
    expect(applyPodsChanged(partial, event([], ["a"])).total).toBe(4);
  });
});
