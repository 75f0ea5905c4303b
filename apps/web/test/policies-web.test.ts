import { describe, expect, it } from "vitest";
import {
  auditSummary,
  exclusionsText,
  isPolicyKey,
  isSeverity,
  kindKey,
  labelsText,
  parseExclusions,
  parseLabels,
  parseNamespaces,
  parseScope,
  policiesHref,
  scopeText,
  severityFilterLabel,
  severityRank,
  severityTone,
  violationKey,
  workloadOf,
  workloadProblem,
} from "../src/components/policies/format";

describe("severities", () => {
  it("rank the most severe first and colour CRITICAL/HIGH as bad", () => {
    const sorted = (["MEDIUM", "INFO", "CRITICAL", "LOW", "HIGH"] as const)
      .slice()
      .sort((a, b) => severityRank(a) - severityRank(b));
    expect(sorted).toEqual(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]);
    expect(severityTone("CRITICAL")).toBe("bad");
    expect(severityTone("MEDIUM")).toBe("warn");
    expect(severityTone("INFO")).toBe("neutral");
  });

  it("read as the filter means them: this one and the more severe", () => {
    expect(severityFilterLabel("CRITICAL")).toBe("Critical");
    expect(severityFilterLabel("MEDIUM")).toBe("Medium and above");
  });
});

describe("scope and exclusions in words", () => {
  it("describes the whole cluster and label-selected namespaces", () => {
    expect(scopeText(null)).toBe("Not enabled");
    expect(scopeText({ kind: "cluster" })).toBe("Whole cluster (kube-system left out)");
    expect(
      scopeText({
        kind: "namespaces",
        selector: {
          matchLabels: { "clustercord.io/guild": "200" },
          matchExpressions: [
            { key: "tier", operator: "In", values: ["web", "api"] },
            { key: "legacy", operator: "DoesNotExist" },
          ],
        },
        includeKubeSystem: true,
      }),
    ).toBe(
      "Namespaces matching clustercord.io/guild=200, tier in (web, api), !legacy (kube-system included)",
    );
  });

  it("lists exclusions, or none", () => {
    expect(exclusionsText({ namespaces: [], labels: {} })).toBe("none");
    expect(exclusionsText({ namespaces: ["dev", "ci"], labels: { skip: "true" } })).toBe(
      "namespaces dev, ci; objects labelled skip=true",
    );
    expect(labelsText({ a: "1", "b.io/c": "" })).toBe("a=1, b.io/c=");
  });
});

describe("the enable form's typed lists", () => {
  it("takes namespaces split by commas or spaces, once each, and names a bad one", () => {
    expect(parseNamespaces(" dev, ci  dev ")).toEqual({ ok: true, value: ["dev", "ci"] });
    expect(parseNamespaces("")).toEqual({ ok: true, value: [] });
    expect(parseNamespaces("dev, Prod_1")).toEqual({
      ok: false,
      problem: '"Prod_1" is not a namespace name (lowercase letters, digits, -).',
    });
  });

  it("takes key=value labels and names a bad pair", () => {
    expect(parseLabels("team=a, app.kubernetes.io/part-of=shop")).toEqual({
      ok: true,
      value: { team: "a", "app.kubernetes.io/part-of": "shop" },
    });
    expect(parseLabels("team")).toMatchObject({ ok: false, problem: expect.stringContaining('"team"') });
    expect(parseLabels("team=a b")).toMatchObject({ ok: false, problem: expect.stringContaining('"b"') });
    expect(parseLabels("team=-x")).toMatchObject({ ok: false, problem: expect.stringContaining('"-x"') });
  });

  it("builds exclusions and the scope, stopping at the first problem", () => {
    expect(parseExclusions("dev", "skip=true")).toEqual({
      ok: true,
      value: { namespaces: ["dev"], labels: { skip: "true" } },
    });
    expect(parseExclusions("BAD", "skip=true").ok).toBe(false);
    expect(parseScope("")).toEqual({ ok: true, value: null });
    expect(parseScope("team=payments")).toEqual({
      ok: true,
      value: { kind: "namespaces", selector: { matchLabels: { team: "payments" } } },
    });
  });
});

describe("the violations table", () => {
  const v = {
    policy: "require-limits" as const,
    namespace: "shop",
    kind: "Deployment",
    name: "api",
    container: "app",
  };

  it("filters by workload only once it reads <kind>/<name>", () => {
    expect(workloadProblem("")).toBeNull();
    expect(workloadProblem("Deployment/api")).toBeNull();
    expect(workloadProblem("api")).toMatch(/<kind>\/<name>/);
    expect(workloadOf(v)).toBe("Deployment/api");
  });

  it("gives each row its own key and links workloads to the resource browser", () => {
    expect(violationKey(v)).toBe("require-limits/shop/Deployment/api/app");
    expect(violationKey({ ...v, container: null })).toBe("require-limits/shop/Deployment/api/");
    expect(kindKey("StatefulSet")).toBe("statefulsets");
    expect(policiesHref("c 1")).toBe("/clusters/c%201/policies");
  });

  it("reads filters from the address only when they are real keys", () => {
    expect(isPolicyKey("no-latest-tag")).toBe(true);
    expect(isPolicyKey("latest")).toBe(false);
    expect(isSeverity("HIGH")).toBe(true);
    expect(isSeverity("high")).toBe(false);
  });

  it("sums up an audit pass", () => {
    expect(auditSummary({ objects: 12, open: 1, opened: 1, resolved: 2 })).toBe(
      "Checked 12 objects: 1 open violation (1 new, 2 resolved).",
    );
  });
});
