import { describe, expect, it } from "vitest";
import { cacheNotice } from "../src/app/clusters/[clusterId]/resources/cache-notice";

describe("cacheNotice: what a list page says about the cache behind it", () => {
  it("says nothing for a live list", () => {
    expect(cacheNotice({ state: "ready" }, "pods")).toBeUndefined();
  });

  it("shows the API's words (the ones Discord shows) for a list that is not served", () => {
    const message = "This cluster has more pods than ClusterCord's limit (50,000), so they are not shown.";
    expect(
      cacheNotice(
        { state: "too-large", problem: { message, limit: { name: "objects", max: 50_000 } } },
        "pods",
      ),
    ).toEqual({ text: message, tone: "problem" });
  });

  it("warns while loading or not live, and names a final state the answer has no words for yet", () => {
    expect(cacheNotice({ state: "syncing" }, "deployments")).toEqual({
      text: "Still loading this cluster's deployments…",
      tone: "warning",
    });
    expect(cacheNotice({ state: "stale" }, "pods")?.text).toBe(
      "The cluster's pods are not live right now; showing the last known ones.",
    );
    expect(cacheNotice({ state: "too-large" }, "pods")).toEqual({
      text: "This cluster has more pods than ClusterCord's limit.",
      tone: "problem",
    });
    expect(cacheNotice({ state: "forbidden" }, "pods")?.tone).toBe("problem");
  });
});
