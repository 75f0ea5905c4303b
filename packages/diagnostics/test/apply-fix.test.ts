import type { Finding } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { FixNotApplicableError, fixedManifest } from "../src/apply-fix";
import { buildContext, type Deployment, diagnose } from "../src/index";
import { container, crashStatus, deploymentSet, NS } from "./fixtures";

/** The Deployment as a GET returns it: server metadata, kubectl's annotation, a status. */
function live(d: Deployment): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    ...d,
    metadata: {
      ...d.metadata,
      resourceVersion: "4711",
      creationTimestamp: "2026-11-30T09:00:00Z",
      managedFields: [{ manager: "kubectl-client-side-apply", operation: "Update" }],
      annotations: {
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
        "deployment.kubernetes.io/revision": "2",
        "team.example.com/owner": "payments",
      },
    },
  };
}

function findingOf(set: ReturnType<typeof deploymentSet>, id: string): Finding {
  const findings = diagnose(
    buildContext({ deployments: [set.deployment], replicaSets: [set.replicaSet], pods: set.pods }),
    { kind: "Deployment", namespace: NS, name: "api" },
  );
  const f = findings.find((x) => x.id === id);
  if (!f?.fix) throw new Error(`no fixable ${id}: ${findings.map((x) => x.id).join(", ")}`);
  return f;
}

type Manifest = ReturnType<typeof fixedManifest> & {
  spec: { template: { spec: { containers: Record<string, unknown>[] } } };
};

describe("fixedManifest", () => {
  it("OOMKilled: the live Deployment with the raised limit, without what the server owns", () => {
    const set = deploymentSet("api", [[crashStatus("api", 137, "OOMKilled")]]);
    const f = findingOf(set, "pod.crash-loop.oom-killed");
    const object = live(set.deployment);
    const m = fixedManifest(object, f.fix as NonNullable<Finding["fix"]>) as Manifest;
    expect(m.apiVersion).toBe("apps/v1");
    expect(m.kind).toBe("Deployment");
    expect(m.metadata).toEqual({
      name: "api",
      namespace: NS,
      labels: { app: "api" },
      annotations: { "team.example.com/owner": "payments" },
    });
    expect(m).not.toHaveProperty("status");
    const resources = m.spec.template.spec.containers[0]?.resources as { limits?: Record<string, string> };
    const limits = resources.limits;
    // 1.5 × the 256Mi limit; the CPU limit untouched.
    expect(limits).toEqual({ cpu: "500m", memory: "384Mi" });
    // The live object is left as it was.
    expect((object.spec as Manifest["spec"]).template.spec.containers[0]?.resources as unknown).toMatchObject(
      { limits: { memory: "256Mi" } },
    );
    expect((object.metadata as Record<string, unknown>).resourceVersion).toBe("4711");
  });

  it("missing probes: both probes added on the first port", () => {
    const bare = container("api", {});
    delete bare.readinessProbe;
    delete bare.livenessProbe;
    const set = deploymentSet("api", [[crashStatus("api", 1)]], { containers: [bare] });
    const f = findingOf(set, "workload.probe.missing");
    const m = fixedManifest(live(set.deployment), f.fix as NonNullable<Finding["fix"]>) as Manifest;
    const c = m.spec.template.spec.containers[0] as Record<string, unknown>;
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 5 });
    expect(c.livenessProbe).toEqual({
      tcpSocket: { port: 8080 },
      initialDelaySeconds: 10,
      periodSeconds: 10,
    });
  });

  it("refuses another object, a patch that no longer fits, and a patch outside the spec", () => {
    const set = deploymentSet("api", [[crashStatus("api", 137, "OOMKilled")]]);
    const fix = findingOf(set, "pod.crash-loop.oom-killed").fix as NonNullable<Finding["fix"]>;
    const other = { ...live(set.deployment), metadata: { name: "web", namespace: NS } };
    expect(() => fixedManifest(other, fix)).toThrow(
      new FixNotApplicableError("the fix is for Deployment api, not for Deployment web"),
    );
    // The container is gone since the diagnosis: the patch's path no longer resolves.
    const changed = live(set.deployment);
    (changed.spec as Manifest["spec"]).template = { spec: { containers: [] } };
    expect(() => fixedManifest(changed, fix)).toThrow(/changed since the diagnosis/);
    const rename = {
      ...fix,
      patch: [{ op: "replace" as const, path: "/metadata/name", value: "x" }],
    };
    expect(() => fixedManifest(live(set.deployment), rename)).toThrow(/outside the spec/);
  });
});
