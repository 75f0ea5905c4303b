import type { PolicyViolation, StoredViolation } from "@clustercord/contracts";
import { parseQuantity } from "@clustercord/contracts";
import type { ViolationRow } from "@clustercord/db";
import {
  limitRangeDefault,
  peakUsage,
  podMatchesSelector,
  policyDrift,
  runningDigests,
} from "@clustercord/kube";
import { planPolicyObjects } from "@clustercord/policy";
import { describe, expect, it } from "vitest";
import { auditSchedule } from "../src/services/policy-job";
import {
  defaultScope,
  patchInWords,
  planAuditWrites,
  selectViolations,
  severityCounts,
  storedPlacement,
} from "../src/services/policy-logic";

const violation = (over: Partial<PolicyViolation> = {}): PolicyViolation => ({
  policy: "require-limits",
  severity: "HIGH",
  namespace: "shop",
  apiVersion: "apps/v1",
  kind: "Deployment",
  name: "web",
  container: "web",
  message: "container web has no cpu limit",
  fixAvailable: true,
  ...over,
});

let ids = 0;
const row = (v: PolicyViolation, over: Partial<ViolationRow> = {}): ViolationRow => ({
  id: `row-${++ids}`,
  clusterId: "c1",
  ...v,
  uid: v.uid ?? null,
  container: v.container ?? "",
  firstSeen: new Date("2026-11-30T08:00:00Z"),
  lastSeen: new Date("2026-11-30T09:00:00Z"),
  resolvedAt: null,
  ...over,
});

const at = new Date("2026-11-30T10:00:00Z");

describe("planAuditWrites", () => {
  it("creates new violations, touches the ones still there and resolves the ones gone", () => {
    const kept = row(violation());
    const gone = row(violation({ name: "api" }));
    const found = [violation(), violation({ name: "worker", container: "worker" })];
    const { writes, opened, resolved } = planAuditWrites([kept, gone], found, at, 12);
    expect(writes.create.map((v) => v.name)).toEqual(["worker"]);
    expect(writes.touch).toEqual([kept.id]);
    expect(writes.resolve).toEqual([gone.id]);
    expect(writes.reopen).toEqual([]);
    expect(writes.update).toEqual([]);
    expect({ opened, resolved, open: writes.open, objects: writes.objects }).toEqual({
      opened: 1,
      resolved: 1,
      open: 2,
      objects: 12,
    });
  });

  it("reopens a resolved violation that comes back, and updates a changed message", () => {
    const back = row(violation(), { resolvedAt: new Date("2026-11-30T09:30:00Z") });
    const changed = row(violation({ name: "api", message: "old text" }));
    const { writes, opened } = planAuditWrites(
      [back, changed],
      [violation(), violation({ name: "api" })],
      at,
      2,
    );
    expect(writes.reopen).toEqual([back.id]);
    expect(writes.touch).toEqual([changed.id]);
    expect(writes.update).toEqual([
      { id: changed.id, fields: { message: "container web has no cpu limit" } },
    ]);
    expect(opened).toBe(1);
  });

  it("keeps a pod-level violation (no container) apart from a container's and leaves resolved rows alone", () => {
    const podLevel = row(violation({ policy: "no-host-network", severity: "HIGH", container: null }));
    const old = row(violation({ name: "old" }), { resolvedAt: new Date("2026-11-01T00:00:00Z") });
    const { writes } = planAuditWrites(
      [podLevel, old],
      [violation({ policy: "no-host-network", container: null })],
      at,
      1,
    );
    expect(writes.touch).toEqual([podLevel.id]);
    expect(writes.resolve).toEqual([]);
    expect(writes.pruneResolvedBefore.getTime()).toBe(at.getTime() - 30 * 24 * 3600_000);
  });
});

describe("selectViolations", () => {
  const stored = (v: PolicyViolation): StoredViolation => ({
    ...v,
    firstSeen: at.toISOString(),
    lastSeen: at.toISOString(),
    resolvedAt: null,
  });
  const all = [
    stored(violation({ severity: "MEDIUM", policy: "require-probes", name: "a" })),
    stored(violation({ severity: "CRITICAL", policy: "no-privileged", name: "z" })),
    stored(violation({ namespace: "beta", name: "blog" })),
    stored(violation({ name: "b" })),
  ];
  const visible = (ns: string) => ns === "shop";

  it("keeps only visible namespaces, most severe first", () => {
    const out = selectViolations(all, {}, visible);
    expect(out.map((v) => `${v.severity}:${v.name}`)).toEqual(["CRITICAL:z", "HIGH:b", "MEDIUM:a"]);
    expect(severityCounts(out)).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 0, INFO: 0 });
  });

  it("filters by severity and more severe, policy, namespace and workload", () => {
    expect(selectViolations(all, { severity: "HIGH" }, visible).map((v) => v.name)).toEqual(["z", "b"]);
    expect(selectViolations(all, { policy: "require-probes" }, visible).map((v) => v.name)).toEqual(["a"]);
    expect(selectViolations(all, { namespace: "beta" }, visible)).toEqual([]);
    expect(selectViolations(all, { namespace: "beta" }, () => true).map((v) => v.name)).toEqual(["blog"]);
    expect(selectViolations(all, { workload: "deployment/b" }, visible).map((v) => v.name)).toEqual(["b"]);
  });
});

describe("policy drift", () => {
  const planned = planPolicyObjects({
    policy: "require-limits",
    mode: "Enforce",
    scope: { kind: "cluster" },
  });
  const [policy, binding] = structuredClone(planned) as unknown as [
    Record<string, unknown>,
    Record<string, { validationActions: string[]; matchResources?: unknown }>,
  ];
  const p = planned as unknown as readonly [Record<string, unknown>, Record<string, unknown>];

  it("is null when the live objects match (API-server defaults like empty selectors ignored)", () => {
    const live = structuredClone(binding);
    live.spec = {
      ...live.spec,
      matchResources: { namespaceSelector: {}, objectSelector: {}, matchPolicy: "Equivalent" },
    } as never;
    expect(policyDrift(p, { policy, binding: live })).toBeNull();
  });

  it("names a changed validationActions and a deleted policy", () => {
    const edited = structuredClone(binding);
    edited.spec = { ...edited.spec, validationActions: ["Audit"] } as never;
    expect(policyDrift(p, { policy, binding: edited })).toContain(
      "the binding's validationActions were changed to [Audit] outside ClusterCord",
    );
    expect(policyDrift(p, { policy: undefined, binding })).toContain(
      "the ValidatingAdmissionPolicy was deleted outside ClusterCord",
    );
  });
});

describe("fix facts and words", () => {
  it("reads running digests, peak usage, LimitRange defaults and selector matches", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    expect(
      runningDigests([
        { status: { containerStatuses: [{ name: "web", imageID: `docker.io/library/nginx@${digest}` }] } },
      ]),
    ).toEqual({ web: digest });
    expect(
      peakUsage(
        [
          { containers: [{ name: "web", usage: { cpu: "120m", memory: "60Mi" } }] },
          { containers: [{ name: "web", usage: { cpu: "300m", memory: "20Mi" } }] },
        ],
        (q) => parseQuantity(q) ?? 0,
      ),
    ).toEqual({ web: { cpu: "300m", memory: "60Mi" } });
    expect(
      limitRangeDefault([
        { spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" } }] } },
      ]),
    ).toEqual({ cpu: "500m", memory: "512Mi" });
    // As @kubernetes/client-node's model names it.
    expect(
      limitRangeDefault([{ spec: { limits: [{ type: "Container", _default: { cpu: "250m" } }] } }]),
    ).toEqual({
      cpu: "250m",
    });
    expect(
      podMatchesSelector({ metadata: { labels: { app: "web", x: "y" } } }, { matchLabels: { app: "web" } }),
    ).toBe(true);
    expect(
      podMatchesSelector({ metadata: { labels: { app: "api" } } }, { matchLabels: { app: "web" } }),
    ).toBe(false);
  });

  it("says a patch in words", () => {
    expect(
      patchInWords([
        { op: "test", path: "/spec", value: {} },
        { op: "add", path: "/spec/template/spec/containers/0/resources/limits/cpu", value: "500m" },
        { op: "remove", path: "/spec/hostNetwork" },
      ]),
    ).toEqual([
      "set spec.template.spec.containers.0.resources.limits.cpu to 500m",
      "remove spec.hostNetwork",
    ]);
  });
});

describe("scopes and schedules", () => {
  it("defaults to the tenant namespaces on a shared cluster and the whole cluster on a dedicated one", () => {
    expect(defaultScope(false)).toEqual({ kind: "cluster" });
    expect(defaultScope(true)).toEqual({
      kind: "namespaces",
      selector: { matchExpressions: [{ key: "clustercord.io/guild", operator: "Exists" }] },
    });
    expect(storedPlacement({ scope: null, exclusions: null }, true).scope).toEqual(defaultScope(true));
  });

  it("turns an interval into a cron pattern", () => {
    expect(auditSchedule(60)).toBe("0 * * * * *");
    expect(auditSchedule(15)).toBe("*/15 * * * * *");
    expect(auditSchedule(300)).toBe("0 */5 * * * *");
  });
});
