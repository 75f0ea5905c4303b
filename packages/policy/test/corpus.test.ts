import { describe, expect, it } from "vitest";
import { policies } from "../src/index";
import { loadCorpus } from "./corpus";

const corpus = loadCorpus();

describe("the agreement corpus", () => {
  it("has at least 60 manifests and covers every policy both ways", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    for (const p of policies) {
      expect(corpus.filter((c) => c.expected.has(p.key)).length, `${p.key} violated`).toBeGreaterThanOrEqual(
        5,
      );
      expect(corpus.filter((c) => !c.expected.has(p.key)).length, `${p.key} met`).toBeGreaterThanOrEqual(5);
    }
  });

  it("covers every workload kind", () => {
    expect(new Set(corpus.map((c) => c.object.kind))).toEqual(
      new Set(["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"]),
    );
  });

  it("names are unique per kind (the cluster test dry-runs them in one namespace)", () => {
    const keys = corpus.map((c) => `${c.object.kind}/${c.object.metadata?.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  for (const c of corpus) {
    it(`${c.file}: ${c.object.kind} ${c.object.metadata?.name} gets the expected verdict from each TS rule`, () => {
      const actual = policies.filter((p) => p.rule.check(c.object, []).length > 0).map((p) => p.key);
      expect(actual.sort()).toEqual([...c.expected].sort());
    });
  }
});
