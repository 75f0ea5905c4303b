import type { ResourceDetail } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { renderDescribe } from "../src/render/describe";

const detail = (over: Partial<ResourceDetail> = {}): ResourceDetail => ({
  kind: {
    key: "configmaps",
    kind: "ConfigMap",
    group: "",
    version: "v1",
    namespaced: true,
    category: "config",
    columns: ["Data"],
  },
  row: { name: "cfg", namespace: "team-a", status: "Active", tone: "ok", createdAt: "", cells: ["1"] },
  fields: [
    { label: "Status", value: "Active" },
    { label: "Data", value: "1" },
  ],
  yaml: "apiVersion: v1\nkind: ConfigMap\n",
  events: [],
  related: [],
  state: "ready",
  ...over,
});

describe("renderDescribe", () => {
  it("fits many related objects and long events into Discord's limits", () => {
    const related = Array.from({ length: 40 }, (_, i) => ({
      relation: "used by" as const,
      kind: "pods",
      name: `pod-${"x".repeat(100)}-${i}`,
      namespace: "team-a",
      readable: true,
    }));
    const events = Array.from({ length: 8 }, (_, i) => ({
      type: i % 2 ? "Warning" : "Normal",
      reason: "BackOff",
      message: "m".repeat(500),
      count: i + 1,
      lastSeen: "",
    }));
    const { embeds, files } = renderDescribe(detail({ related, events }), { clusterName: "prod" });
    const embed = embeds[0];
    for (const f of embed?.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(JSON.stringify(embed).length).toBeLessThan(6000);
    expect(embed?.fields?.find((f) => f.name === "Related")?.value).toMatch(/…and \d+ more$/);
    expect(files.map((f) => f.name)).toEqual(["cfg.yaml"]);
  });

  it("says when events may not be read, and when the cache is not live", () => {
    const { embeds } = renderDescribe(detail({ events: null, state: "stale" }), { clusterName: "prod" });
    expect(embeds[0]?.fields).toContainEqual({ name: "Events", value: "You may not read events here." });
    expect(embeds[0]?.footer?.text).toBe("YAML attached as cfg.yaml · not live: last known state");
    expect(embeds[0]?.description).toBe("**Active** · team-a on prod");
  });
});
