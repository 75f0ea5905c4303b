import { describe, expect, it } from "vitest";
import { planFix, policies } from "../src/index";
import { loadCorpus } from "./corpus";
import { contextFor, fixedManifest } from "./corpus-fixes";

const corpus = loadCorpus();

describe("each policy's fix on the corpus", () => {
  for (const policy of policies) {
    it(`${policy.key}: removes the violation and breaks no other policy`, () => {
      const violating = corpus.filter((c) => c.expected.has(policy.key));
      let fixedCount = 0;
      for (const c of violating) {
        const fixed = fixedManifest(policy.key, c.object);
        if (!fixed) {
          // With usage and digests known, only probes for containers without ports cannot be written.
          const reasons =
            planFix(policy.key, c.object, contextFor(c.object))?.unfixed.map((u) => u.reason) ?? [];
          expect(policy.key).toBe("require-probes");
          for (const r of reasons) expect(r).toMatch(/declares no ports/);
          continue;
        }
        fixedCount++;
        const label = `${c.object.kind}/${c.object.metadata?.name}`;
        expect(policy.rule.check(fixed, []), label).toEqual([]);
        const after = policies.filter((p) => p.rule.check(fixed, []).length > 0).map((p) => p.key);
        for (const key of after) expect(c.expected.has(key), `${label}: ${key} after the fix`).toBe(true);
      }
      expect(fixedCount, policy.key).toBeGreaterThanOrEqual(5);
    });
  }
});
