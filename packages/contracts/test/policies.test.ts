import { describe, expect, it } from "vitest";
import {
  JsonPatchOp,
  PoliciesEnableInput,
  PoliciesPlanFixInput,
  PoliciesViolationsInput,
  PolicyExclusions,
  PolicyKeyInput,
  PolicyScope,
} from "../src/index";

describe("policy inputs", () => {
  it("take the guide's names for policies and refuse others with the list", () => {
    expect(PolicyKeyInput.parse("require-resource-limits")).toBe("require-limits");
    expect(PolicyKeyInput.parse(" Missing-Limits ")).toBe("require-limits");
    expect(PolicyKeyInput.parse("no-privileged")).toBe("no-privileged");
    const bad = PolicyKeyInput.safeParse("be-nice");
    expect(bad.error?.issues[0]?.message).toMatch(/^must be one of require-limits, require-probes/);
  });

  it("default the mode to Audit and check scope and exclusions", () => {
    expect(PoliciesEnableInput.parse({ clusterId: "c1", policy: "prevent-latest-tag" })).toEqual({
      clusterId: "c1",
      policy: "no-latest-tag",
      mode: "Audit",
    });
    const scope = PolicyScope.safeParse({
      kind: "namespaces",
      selector: { matchLabels: { "bad key!": "x" } },
    });
    expect(scope.error?.issues[0]?.path).toEqual(["selector", "matchLabels", "bad key!"]);
    expect(JSON.stringify(scope.error?.issues)).toContain(
      "must be a label key such as app.kubernetes.io/name",
    );
    expect(PolicyExclusions.safeParse({ namespaces: ["../etc"] }).error?.issues[0]?.path).toEqual([
      "namespaces",
      0,
    ]);
  });

  it("name workloads as <kind>/<name>", () => {
    expect(
      PoliciesPlanFixInput.safeParse({
        clusterId: "c",
        policy: "privileged",
        namespace: "shop",
        workload: "api",
      }).error?.issues[0]?.message,
    ).toBe("must be <kind>/<name>, such as Deployment/api");
    expect(
      PoliciesViolationsInput.parse({ clusterId: "c", workload: "Deployment/api" }).includeResolved,
    ).toBe(false);
  });

  it("accept RFC 6902 operations only", () => {
    expect(JsonPatchOp.safeParse({ op: "move", path: "/a", from: "/b" }).success).toBe(false);
    expect(JsonPatchOp.parse({ op: "remove", path: "/spec/hostNetwork" })).toEqual({
      op: "remove",
      path: "/spec/hostNetwork",
    });
  });
});
