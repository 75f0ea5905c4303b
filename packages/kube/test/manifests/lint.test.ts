import { describe, expect, it } from "vitest";
import { lintFindings, parseManifests, placeObjects } from "../../src/manifests/index";

function lint(text: string) {
  const parsed = parseManifests([{ name: "app.yaml", text }]);
  const placed = placeObjects(parsed.documents, {
    defaultNamespace: "shop",
    isNamespaced: () => true,
    allowedNamespaces: "any",
    mayCreateClusterScoped: true,
    createdBy: "1",
  });
  expect([...parsed.findings, ...placed.findings]).toEqual([]);
  return lintFindings(placed.objects);
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: nginx:latest
`;

describe("lintFindings", () => {
  it("places each rule's finding at its field's line, with rule, severity, field and fix; lint never errs", () => {
    const findings = lint(deployment);
    const host = findings.find((f) => f.ruleId === "host-network");
    expect(host).toMatchObject({
      file: "app.yaml",
      document: 1,
      line: 12,
      column: 7,
      step: "lint",
      level: "warning",
      object: "Deployment shop/web",
      field: "spec.template.spec.hostNetwork",
      severity: "HIGH",
    });
    const tag = findings.find((f) => f.ruleId === "image-tag");
    expect(tag).toMatchObject({ line: 15, column: 11, field: "spec.template.spec.containers[0].image" });
    expect(findings.some((f) => f.fix && f.fix.length > 0)).toBe(true);
    expect(findings.every((f) => f.level !== "error" && f.step === "lint")).toBe(true);
    expect(findings.filter((f) => f.severity === "INFO").every((f) => f.level === "info")).toBe(true);
  });

  it("sees the whole batch: a PDB for replicas > 1 and a Service whose selector matches a workload", () => {
    const before = lint(deployment).map((f) => f.ruleId);
    expect(before).toContain("pdb-missing");
    const pdb = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n`;
    expect(lint(`${deployment}---\n${pdb}`).map((f) => f.ruleId)).not.toContain("pdb-missing");
    const service = (app: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80}]\n`;
    const orphan = lint(`${deployment}---\n${service("nothing")}`).find(
      (f) => f.ruleId === "service-selector",
    );
    expect(orphan).toMatchObject({ document: 2, object: "Service shop/web", line: 21, column: 3 });
    expect(lint(`${deployment}---\n${service("web")}`).map((f) => f.ruleId)).not.toContain(
      "service-selector",
    );
  });
});
