import type { PodsListOutput } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { renderPods } from "../src/render/pods";
import { colors } from "../src/render/style";

const page = (over: Partial<PodsListOutput> = {}): PodsListOutput => ({
  pods: [
    {
      name: "web-1",
      namespace: "team-a",
      phase: "Running",
      ready: "1/1",
      restarts: 2,
      node: "n1",
      createdAt: "",
      status: "Running",
      tone: "ok",
    },
  ],
  total: 1,
  nextCursor: null,
  state: "ready",
  resourceVersion: "7",
  ...over,
});
const where = { clusterName: "prod", namespace: "team-a", cursor: 0 };

describe("renderPods", () => {
  it("lists the page's pods with status, readiness and restarts", () => {
    const embed = renderPods(page(), where);
    expect(embed.title).toBe("Pods in team-a on prod");
    expect(embed.description).toContain("`web-1` · Running · 1/1 · 2 restarts");
    expect(embed.footer?.text).toBe("1-1 of 1 pods");
    expect(embed.color).toBe(colors.brand);
  });

  it("replies with the API's words when the cluster's pods are too many to hold (as the web shows them)", () => {
    const message =
      "This cluster has more pods than ClusterCord's limit (50,000), so they are not shown. Ask an admin to raise the limit, or use kubectl for this one.";
    const embed = renderPods(
      page({
        pods: [],
        total: 0,
        state: "too-large",
        problem: { message, limit: { name: "objects", max: 50_000 } },
      }),
      where,
    );
    expect(embed.description).toBe(message);
    expect(embed.color).toBe(colors.error);
    expect(embed.footer).toBeUndefined();
  });

  it("says when the list is not live", () => {
    expect(renderPods(page({ state: "stale" }), where).description).toMatch(
      /^The pod list is not live right now/,
    );
    expect(renderPods(page({ state: "stale" }), where).color).toBe(colors.warn);
  });
});
