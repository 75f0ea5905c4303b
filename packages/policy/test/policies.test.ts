import { describe, expect, it } from "vitest";
import { getPolicy, planPolicyObjects, policies, validationActions } from "../src/index";

describe("the seven policies as data", () => {
  it("are the guide's seven, each reusing its lint rule and carrying CEL", () => {
    expect(policies.map((p) => p.key)).toEqual([
      "require-limits",
      "require-probes",
      "no-privileged",
      "read-only-root-fs",
      "no-host-network",
      "no-latest-tag",
      "run-as-non-root",
    ]);
    for (const p of policies) {
      expect(p.severity).toBe(p.rule.severity);
      expect(p.validations.length).toBeGreaterThan(0);
      for (const v of p.validations) {
        expect(v.message).not.toBe("");
        // Balanced parentheses: a cheap guard against a broken expression before the API server sees it.
        let depth = 0;
        for (const ch of v.expression) {
          depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth, p.key).toBe(0);
      }
    }
  });
});

describe("planPolicyObjects", () => {
  it("builds a ValidatingAdmissionPolicy and its binding for the cluster", () => {
    const [vap, binding] = planPolicyObjects({
      policy: "no-privileged",
      mode: "Enforce",
      scope: { kind: "cluster" },
    });
    expect(vap.apiVersion).toBe("admissionregistration.k8s.io/v1");
    expect(vap.metadata).toEqual({
      name: "clustercord-no-privileged",
      labels: { "app.kubernetes.io/managed-by": "clustercord", "policy.clustercord.io/key": "no-privileged" },
    });
    expect(vap.spec.failurePolicy).toBe("Fail");
    expect(vap.spec.matchConditions).toEqual([
      { name: "skip-kube-system", expression: "request.namespace != 'kube-system'" },
    ]);
    expect(vap.spec.variables.map((v) => v.name)).toEqual(["podSpec", "containers"]);
    expect(vap.spec.variables[0]?.expression).toContain("object.spec.jobTemplate.spec.template.spec");
    expect(vap.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] },
      {
        apiGroups: ["apps"],
        apiVersions: ["v1"],
        operations: ["CREATE", "UPDATE"],
        resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
      },
      {
        apiGroups: ["batch"],
        apiVersions: ["v1"],
        operations: ["CREATE", "UPDATE"],
        resources: ["jobs", "cronjobs"],
      },
    ]);
    expect(vap.spec.validations[0]?.message).toMatch(/\[policy no-privileged\]$/);
    expect(binding.kind).toBe("ValidatingAdmissionPolicyBinding");
    expect(binding.spec).toEqual({
      policyName: "clustercord-no-privileged",
      validationActions: ["Deny", "Audit"],
    });
  });

  it("maps the guide's modes to validationActions", () => {
    expect(validationActions).toEqual({
      Audit: ["Audit"],
      Warn: ["Warn", "Audit"],
      Enforce: ["Deny", "Audit"],
    });
    const [, warn] = planPolicyObjects({ policy: "no-latest-tag", mode: "Warn", scope: { kind: "cluster" } });
    expect(warn.spec.validationActions).toEqual(["Warn", "Audit"]);
    expect(warn.metadata.annotations).toEqual({ "policy.clustercord.io/mode": "Warn" });
  });

  it("binds to tenant namespaces by selector, minus exclusions by name and label", () => {
    const [, binding] = planPolicyObjects({
      policy: getPolicy("require-limits"),
      mode: "Audit",
      scope: { kind: "namespaces", selector: { matchLabels: { "clustercord.io/guild": "123" } } },
      exclusions: { namespaces: ["legacy", "batch"], labels: { "policy.clustercord.io/exempt": "true" } },
    });
    expect(binding.spec.matchResources).toEqual({
      namespaceSelector: {
        matchLabels: { "clustercord.io/guild": "123" },
        matchExpressions: [
          { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["batch", "legacy"] },
        ],
      },
      objectSelector: {
        matchExpressions: [{ key: "policy.clustercord.io/exempt", operator: "NotIn", values: ["true"] }],
      },
    });
  });

  it("matches only long-running kinds for probes, and keeps kube-system when the scope asks", () => {
    const [vap] = planPolicyObjects({
      policy: "require-probes",
      mode: "Audit",
      scope: { kind: "cluster", includeKubeSystem: true },
    });
    expect(vap.spec.matchConditions).toBeUndefined();
    expect(vap.spec.matchConstraints.resourceRules.flatMap((r) => r.resources)).toEqual([
      "pods",
      "deployments",
      "statefulsets",
      "daemonsets",
      "replicasets",
    ]);
  });

  it("refuses bad exclusions with a message naming the field", () => {
    expect(() =>
      planPolicyObjects({
        policy: "no-privileged",
        mode: "Audit",
        scope: { kind: "cluster" },
        exclusions: { namespaces: ["Not_A_Namespace"] },
      }),
    ).toThrow(/must be a namespace name/);
  });
});
