import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import {
  applyJsonPatch,
  type KubeObject,
  lintObjects,
  lintRuleById,
  lintRules,
  podDisruptionBudget,
  serviceSelector,
} from "../src/index";
import { bareDeployment, cronJob } from "./fixtures";

const findingsOf = (object: KubeObject, batch: KubeObject[] = [object]) =>
  lintObjects(batch).find((r) => batch[r.index] === object)?.findings ?? [];

describe("lint on a bare Deployment", () => {
  const deployment = bareDeployment();
  const findings = findingsOf(deployment);
  const byRule = (id: string) => findings.filter((f) => f.ruleId === id);

  it("points at the field with keys and a dotted path", () => {
    const cpu = byRule("resource-limits").find((f) => f.field.endsWith("cpu"));
    expect(cpu).toMatchObject({
      severity: "HIGH",
      container: "web",
      path: ["spec", "template", "spec", "containers", 0, "resources", "limits", "cpu"],
      field: "spec.template.spec.containers[0].resources.limits.cpu",
    });
  });

  it("gives a path a yaml Document can follow to the line (the parent node exists)", () => {
    const doc = parseDocument(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n",
      { keepSourceTokens: true },
    );
    const image = byRule("image-tag")[0];
    expect(image?.path).toEqual(["spec", "template", "spec", "containers", 0, "image"]);
    const node = doc.getIn(image?.path ?? [], true) as { range: [number, number, number] };
    const line = doc.toString().slice(0, node.range[0]).split("\n").length;
    expect(line).toBe(10);
  });

  it("finds the guide's list and the kube-score checks, most severe first", () => {
    const ids = new Set(findings.map((f) => f.ruleId));
    for (const id of [
      "resource-limits",
      "resource-requests",
      "health-probes",
      "image-tag",
      "recommended-labels",
      "node-selector",
      "run-as-non-root",
      "read-only-root-fs",
      "privilege-escalation",
      "pdb-missing",
    ])
      expect(ids, id).toContain(id);
    expect(ids).not.toContain("privileged");
    expect(ids).not.toContain("host-network");
    expect(byRule("node-selector")[0]?.severity).toBe("INFO");
    expect(byRule("health-probes").map((f) => f.field)).toEqual([
      "spec.template.spec.containers[0].livenessProbe",
      "spec.template.spec.containers[0].readinessProbe",
    ]);
    const order = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"];
    const ranks = findings.map((f) => order.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("carries fixes that remove their finding when applied", () => {
    for (const f of findings.filter((x) => x.fix)) {
      const fixed = applyJsonPatch(deployment, f.fix ?? []);
      const rule = lintRuleById.get(f.ruleId);
      const still = rule?.check(fixed, [fixed]).filter((g) => g.field === f.field) ?? [];
      expect(still, `${f.ruleId} at ${f.field}`).toEqual([]);
    }
    // Probes from the named http port; no limits without usage or a LimitRange default.
    expect(byRule("health-probes")[0]?.fix?.[0]).toMatchObject({
      op: "add",
      path: "/spec/template/spec/containers/0/livenessProbe",
      value: { httpGet: { path: "/", port: "http" } },
    });
    expect(byRule("resource-limits")[0]?.fix).toBeUndefined();
  });
});

describe("pod spec paths per kind", () => {
  it("reads a CronJob's pod two templates deep", () => {
    const findings = findingsOf(
      cronJob([{ name: "report", image: "acme/report", securityContext: { privileged: true } }]),
    );
    expect(findings.find((f) => f.ruleId === "privileged")?.field).toBe(
      "spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged",
    );
    // Jobs run to completion: no probe findings.
    expect(findings.some((f) => f.ruleId === "health-probes")).toBe(false);
  });

  it("reads a Pod's own spec and its init containers", () => {
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: {
        hostPID: true,
        volumes: [{ name: "root", hostPath: { path: "/" } }],
        initContainers: [
          {
            name: "setup",
            image: "busybox:1.36",
            securityContext: { capabilities: { add: ["SYS_ADMIN", "NET_BIND_SERVICE"] } },
          },
        ],
        containers: [{ name: "c", image: "busybox:1.36" }],
      },
    };
    const findings = findingsOf(pod);
    expect(findings.find((f) => f.ruleId === "added-capabilities")).toMatchObject({
      field: "spec.initContainers[0].securityContext.capabilities.add",
      message: "container setup adds capabilities SYS_ADMIN",
    });
    expect(findings.find((f) => f.ruleId === "host-pid")?.field).toBe("spec.hostPID");
    expect(findings.find((f) => f.ruleId === "host-path")?.message).toBe(
      "volume root mounts / from the node",
    );
  });

  it("ignores kinds without pods and survives malformed objects", () => {
    const odd: KubeObject[] = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "d" },
        spec: { template: { spec: { containers: "nope" } } },
      },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p" },
        spec: { containers: [null, 3, { image: 7 }] },
      },
      { kind: "Pod" },
    ];
    const results = lintObjects(odd);
    expect(results[0]?.findings).toEqual([]);
    // A Pod without a spec: only the missing labels can be said.
    expect(results[3]?.findings.map((f) => f.ruleId)).toEqual(["recommended-labels"]);
    expect(results[2]?.findings.find((f) => f.ruleId === "image-tag")?.message).toBe(
      "container #2 has no image",
    );
  });
});

describe("batch rules", () => {
  const deployment = bareDeployment("shop");
  const pdb: KubeObject = {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: "shop", namespace: "shop" },
    spec: {
      minAvailable: 1,
      selector: { matchExpressions: [{ key: "app", operator: "In", values: ["shop"] }] },
    },
  };
  const service = (selector: Record<string, string>, namespace = "shop"): KubeObject => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "shop", namespace },
    spec: { selector, ports: [{ port: 80 }] },
  });

  it("asks for a PodDisruptionBudget when replicas > 1, satisfied by one in the batch that selects the pods", () => {
    expect(podDisruptionBudget.check(deployment, [deployment])).toHaveLength(1);
    expect(podDisruptionBudget.check(deployment, [deployment, pdb])).toEqual([]);
    const otherNs = { ...pdb, metadata: { name: "shop", namespace: "other" } };
    expect(podDisruptionBudget.check(deployment, [deployment, otherNs])).toHaveLength(1);
    const single = bareDeployment("one");
    (single.spec as { replicas: number }).replicas = 1;
    expect(podDisruptionBudget.check(single, [single])).toEqual([]);
  });

  it("flags a Service whose selector matches no workload in the batch", () => {
    const wrong = service({ app: "shopp" });
    expect(serviceSelector.check(wrong, [wrong, deployment])[0]).toMatchObject({
      field: "spec.selector",
      message: "selector app=shopp matches no workload in this batch",
    });
    const right = service({ app: "shop" });
    expect(serviceSelector.check(right, [right, deployment])).toEqual([]);
    // Alone, or with workloads only in another namespace, it is not judged.
    expect(serviceSelector.check(wrong, [wrong])).toEqual([]);
    const elsewhere = service({ app: "shopp" }, "other");
    expect(serviceSelector.check(elsewhere, [elsewhere, deployment])).toEqual([]);
  });
});

describe("the rule set", () => {
  it("has unique ids and the severities the guide maps", () => {
    expect(new Set(lintRules.map((r) => r.id)).size).toBe(lintRules.length);
    expect(lintRuleById.get("privileged")?.severity).toBe("CRITICAL");
    expect(lintRuleById.get("run-as-non-root")?.severity).toBe("CRITICAL");
    expect(lintRuleById.get("resource-limits")?.severity).toBe("HIGH");
    expect(lintRuleById.get("health-probes")?.severity).toBe("HIGH");
    expect(lintRuleById.get("image-tag")?.severity).toBe("MEDIUM");
  });
});
