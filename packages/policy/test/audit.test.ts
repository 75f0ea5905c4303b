import type { StoredViolation } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { auditObjects, type KubeObject, policies, reconcileViolations } from "../src/index";
import { bareDeployment } from "./fixtures";

const allKeys = policies.map((p) => p.key);

describe("auditObjects", () => {
  it("reports one violation per object, policy and container, at the owner people edit", () => {
    const d = bareDeployment("api");
    const ownedPod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "api-5d8f-x",
        namespace: "shop",
        ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "api-5d8f", controller: true }],
      },
      spec: { containers: [{ name: "web", image: "nginx:latest" }] },
    };
    const configMap: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
    const violations = auditObjects([d, ownedPod, configMap], allKeys);
    expect(
      violations.every((v) => v.kind === "Deployment" && v.name === "api" && v.namespace === "shop"),
    ).toBe(true);
    expect(violations.map((v) => v.policy).sort()).toEqual(
      ["no-latest-tag", "read-only-root-fs", "require-limits", "require-probes", "run-as-non-root"].sort(),
    );
    const probes = violations.find((v) => v.policy === "require-probes");
    expect(probes).toMatchObject({
      severity: "HIGH",
      container: "web",
      message: "container web has no livenessProbe; container web has no readinessProbe",
      fixAvailable: true,
    });
    // Limits need usage or a LimitRange default: not fixable without them, fixable with them.
    expect(violations.find((v) => v.policy === "require-limits")?.fixAvailable).toBe(false);
    const withFacts = auditObjects([d], ["require-limits"], {
      fixContext: () => ({ limitRangeDefault: { cpu: "500m", memory: "256Mi" } }),
    });
    expect(withFacts[0]?.fixAvailable).toBe(true);
  });

  it("reports pod-level faults without a container", () => {
    const d = bareDeployment();
    (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.hostNetwork = true;
    expect(auditObjects([d], ["no-host-network"])).toEqual([
      expect.objectContaining({ policy: "no-host-network", container: null, fixAvailable: true }),
    ]);
  });

  it("only runs the enabled policies", () => {
    expect(auditObjects([bareDeployment()], ["no-privileged"])).toEqual([]);
  });
});

describe("reconcileViolations", () => {
  const t1 = new Date("2026-01-15T10:00:00.000Z");
  const t2 = new Date("2026-01-15T10:05:00.000Z");
  const t3 = new Date("2026-01-15T10:10:00.000Z");
  const first = auditObjects(
    [bareDeployment("api"), bareDeployment("worker")],
    ["require-probes", "no-latest-tag"],
  );

  it("keeps first-seen, moves last-seen, and resolves what is gone", () => {
    const pass1 = reconcileViolations([], first, t1);
    expect(pass1.opened).toBe(4);
    expect(pass1.violations.every((v) => v.firstSeen === t1.toISOString() && v.resolvedAt === null)).toBe(
      true,
    );

    const second = first.filter((v) => !(v.name === "worker" && v.policy === "no-latest-tag"));
    const pass2 = reconcileViolations(pass1.violations, second, t2);
    expect(pass2).toMatchObject({ opened: 0, resolved: 1 });
    const still = pass2.violations.find(
      (v) => v.name === "api" && v.policy === "require-probes",
    ) as StoredViolation;
    expect([still.firstSeen, still.lastSeen, still.resolvedAt]).toEqual([
      t1.toISOString(),
      t2.toISOString(),
      null,
    ]);
    const gone = pass2.violations.find(
      (v) => v.name === "worker" && v.policy === "no-latest-tag",
    ) as StoredViolation;
    expect([gone.lastSeen, gone.resolvedAt]).toEqual([t1.toISOString(), t2.toISOString()]);

    // Back again: a new occurrence.
    const pass3 = reconcileViolations(pass2.violations, first, t3);
    expect(pass3).toMatchObject({ opened: 1, resolved: 0 });
    const back = pass3.violations.find(
      (v) => v.name === "worker" && v.policy === "no-latest-tag",
    ) as StoredViolation;
    expect([back.firstSeen, back.resolvedAt]).toEqual([t3.toISOString(), null]);
    expect(pass3.violations).toHaveLength(4);
  });
});

describe("audit placement (what admission would judge)", () => {
  const inNs = (namespace: string, labels: Record<string, string> = {}) => {
    const d = bareDeployment(`api-${namespace}`);
    d.metadata = { name: `api-${namespace}`, namespace, labels };
    return d;
  };
  const objects = [
    inNs("kube-system"),
    inNs("guild-a"),
    inNs("guild-b"),
    inNs("legacy"),
    inNs("guild-a2", { exempt: "yes" }),
  ];
  const names = (vs: { name: string }[]) => vs.map((v) => v.name).sort();

  it("skips kube-system on a cluster-wide placement, unless asked, and honours exclusions", () => {
    expect(names(auditObjects(objects, [{ policy: "no-latest-tag", scope: { kind: "cluster" } }]))).toEqual([
      "api-guild-a",
      "api-guild-a2",
      "api-guild-b",
      "api-legacy",
    ]);
    const everywhere = auditObjects(objects, [
      { policy: "no-latest-tag", scope: { kind: "cluster", includeKubeSystem: true } },
    ]);
    expect(names(everywhere)).toContain("api-kube-system");
    const excluded = auditObjects(objects, [
      {
        policy: "no-latest-tag",
        scope: { kind: "cluster" },
        exclusions: { namespaces: ["legacy"], labels: { exempt: "yes" } },
      },
    ]);
    expect(names(excluded)).toEqual(["api-guild-a", "api-guild-b"]);
  });

  it("follows a namespace selector over the namespaces' labels", () => {
    const nsLabels: Record<string, Record<string, string>> = {
      "guild-a": { "clustercord.io/guild": "a" },
      "guild-a2": { "clustercord.io/guild": "a" },
      "guild-b": { "clustercord.io/guild": "b" },
    };
    const tenantA = auditObjects(
      objects,
      [
        {
          policy: "no-latest-tag",
          scope: { kind: "namespaces", selector: { matchLabels: { "clustercord.io/guild": "a" } } },
        },
      ],
      { namespaceLabels: (ns) => nsLabels[ns] },
    );
    expect(names(tenantA)).toEqual(["api-guild-a", "api-guild-a2"]);
    const byName = auditObjects(objects, [
      {
        policy: "no-latest-tag",
        scope: {
          kind: "namespaces",
          selector: {
            matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["legacy"] }],
          },
        },
      },
    ]);
    expect(names(byName)).toEqual(["api-legacy"]);
  });
});
