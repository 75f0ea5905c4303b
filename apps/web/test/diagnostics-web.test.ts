import { describe, expect, it } from "vitest";
import {
  cappedText,
  diagnoseTargetFor,
  findingsSummary,
  groupByNamespace,
  objectText,
  patchLine,
  scopeText,
  severityCounts,
  severityTone,
  targetText,
  unreadText,
} from "../src/components/diagnostics/format";

describe("the diagnosis views' rules", () => {
  it("offer Diagnose on the kinds diagnostics.run takes, and nowhere else", () => {
    expect(diagnoseTargetFor("deployments", "payments", "shop")).toEqual({
      kind: "Deployment",
      namespace: "shop",
      name: "payments",
    });
    expect(diagnoseTargetFor("pods", "web-1", "shop")).toEqual({
      kind: "Pod",
      namespace: "shop",
      name: "web-1",
    });
    expect(diagnoseTargetFor("nodes", "kwok-node-0")).toEqual({ kind: "Node", name: "kwok-node-0" });
    expect(diagnoseTargetFor("namespaces", "shop")).toEqual({ kind: "Namespace", name: "shop" });
    expect(diagnoseTargetFor("configmaps", "web", "shop")).toBeNull();
    expect(diagnoseTargetFor("deployments", "payments")).toBeNull(); // a namespaced kind needs its namespace
  });

  it("name targets and objects, the namespace once", () => {
    expect(targetText({ kind: "Deployment", namespace: "shop", name: "payments" })).toBe(
      "Deployment payments in shop",
    );
    expect(targetText({ kind: "Node", name: "kwok-node-0" })).toBe("Node kwok-node-0");
    expect(objectText({ kind: "Service", namespace: "shop", name: "checkout" }, "shop")).toBe(
      "Service checkout",
    );
    expect(objectText({ kind: "Service", namespace: "db", name: "pg" }, "shop")).toBe("Service pg in db");
  });

  it("summarize by severity, and say what could not be read", () => {
    expect(findingsSummary([])).toBe("No problems found in what you may read.");
    expect(
      findingsSummary([{ severity: "CRITICAL" }, { severity: "MEDIUM" }, { severity: "CRITICAL" }]),
    ).toBe("3 findings (2 critical, 1 medium)");
    expect(unreadText(["nodes", "storageclasses"])).toBe("Could not read: nodes, storageclasses.");
    expect(unreadText([])).toBeNull();
    expect(severityTone("CRITICAL")).toBe("bad");
    expect(severityTone("LOW")).toBe("neutral");
  });

  it("write a fix's JSON patch as diff-like lines", () => {
    expect(
      patchLine({
        op: "replace",
        path: "/spec/template/spec/containers/0/resources/limits/memory",
        value: "192Mi",
      }),
    ).toEqual({
      op: "replace",
      sign: "~",
      words: "set",
      path: "/spec/template/spec/containers/0/resources/limits/memory",
      value: "192Mi",
    });
    expect(
      patchLine({
        op: "add",
        path: "/spec/template/spec/containers/0/readinessProbe",
        value: { tcpSocket: { port: 8080 } },
      }).value,
    ).toBe('{"tcpSocket":{"port":8080}}');
    expect(patchLine({ op: "remove", path: "/spec/x" })).toEqual({
      op: "remove",
      sign: "-",
      words: "remove",
      path: "/spec/x",
    });
  });

  it("group a pass by namespace, cluster-wide apart, keeping the API's order", () => {
    const f = (id: string, namespace: string | null) => ({
      id,
      target: { kind: "Pod", name: id, namespace },
    });
    const groups = groupByNamespace([
      f("a", "shop"),
      f("b", null),
      f("c", "db"),
      f("d", "shop"),
      f("e", null),
    ]);
    expect(groups.map((g) => [g.label, g.namespace, g.findings.map((x) => x.id)])).toEqual([
      ["shop", "shop", ["a", "d"]],
      ["cluster-wide", null, ["b", "e"]],
      ["db", "db", ["c"]],
    ]);
    expect(groupByNamespace([])).toEqual([]);
  });

  it("count every severity, say when a pass is capped and what it covered", () => {
    expect(severityCounts({ CRITICAL: 2, MEDIUM: 1 })).toEqual([
      { severity: "CRITICAL", count: 2 },
      { severity: "HIGH", count: 0 },
      { severity: "MEDIUM", count: 1 },
      { severity: "LOW", count: 0 },
    ]);
    expect(cappedText(500, 734)).toBe("Showing 500 of 734 findings, the most severe first.");
    expect(cappedText(3, 3)).toBeNull();
    expect(scopeText({ kind: "cluster" })).toBe("the whole cluster");
    expect(scopeText({ kind: "namespaces", namespaces: ["shop"] })).toBe("your namespace shop");
    expect(scopeText({ kind: "namespaces", namespaces: ["shop", "db"] })).toBe("your namespaces shop, db");
    expect(scopeText({ kind: "namespaces", namespaces: [] })).toBe(
      "none of your namespaces (you have none here)",
    );
  });
});
