import type { Finding } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  diffFindings,
  diffObservations,
  emptyState,
  type LooseObject,
  needsLogs,
  observe,
  stepAll,
  usageInputs,
} from "../src";
import { ALICE, config, MONDAY_10, rule } from "./fixtures";

const rs = (name: string, deployment: string): LooseObject => ({
  metadata: {
    name,
    namespace: "shop",
    ownerReferences: [{ kind: "Deployment", name: deployment, controller: true }],
  },
});

function crashingPod(name: string, exitCode = 137, reason = "OOMKilled"): LooseObject {
  return {
    metadata: {
      name,
      namespace: "shop",
      ownerReferences: [{ kind: "ReplicaSet", name: "api-7d9f", controller: true }],
    },
    spec: { containers: [{ name: "api", image: "shop/api:1.2" }] },
    status: {
      phase: "Running",
      containerStatuses: [
        {
          name: "api",
          restartCount: 6,
          state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s" } },
          lastState: { terminated: { exitCode, reason } },
        },
      ],
    },
  };
}

const pullingPod: LooseObject = {
  metadata: { name: "web-1", namespace: "shop" },
  spec: { containers: [{ name: "web", image: "registry.example/web:nope" }] },
  status: {
    containerStatuses: [
      {
        name: "web",
        state: {
          waiting: { reason: "ImagePullBackOff", message: 'manifest for web:nope not found: "not found"' },
        },
      },
    ],
  },
};

const objects = {
  pods: [
    crashingPod("api-1"),
    pullingPod,
    { metadata: { name: "ok", namespace: "shop" }, status: { phase: "Running" } },
  ],
  replicaSets: [rs("api-7d9f", "api")],
  nodes: [
    {
      metadata: { name: "n1" },
      status: {
        conditions: [
          { type: "Ready", status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped" },
        ],
      },
    },
    { metadata: { name: "n2" }, status: { conditions: [{ type: "Ready", status: "True" }] } },
  ],
  jobs: [
    {
      metadata: { name: "backup", namespace: "ops" },
      status: {
        conditions: [
          {
            type: "Failed",
            status: "True",
            reason: "BackoffLimitExceeded",
            message: "Job has reached the specified backoff limit",
          },
        ],
      },
    },
  ],
  deployments: [
    {
      metadata: { name: "api", namespace: "shop" },
      status: {
        conditions: [
          {
            type: "Progressing",
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: 'ReplicaSet "api-7d9f" has timed out progressing.',
          },
        ],
      },
    },
  ],
};

describe("observe", () => {
  const seen = [...observe("prod", objects).values()];
  const of = (condition: string) => seen.filter((o) => o.condition === condition);

  it("sees a crash loop with exit code, reason and restarts, owned by the Deployment through its ReplicaSet", () => {
    expect(of("pod-crash")).toEqual([
      {
        condition: "pod-crash",
        resource: {
          cluster: "prod",
          kind: "Pod",
          namespace: "shop",
          name: "api-1",
          owner: { kind: "Deployment", name: "api" },
        },
        details: { container: "api", reason: "OOMKilled", exitCode: 137, restartCount: 6 },
      },
    ]);
  });

  it("sees an image pull error with the image and the kubelet's message", () => {
    expect(of("image-pull")).toHaveLength(1);
    expect(of("image-pull")[0]?.details).toMatchObject({
      reason: "ImagePullBackOff",
      image: "registry.example/web:nope",
      error: expect.stringContaining("not found"),
    });
  });

  it("sees a NotReady node, a failed Job and a stuck rollout, and nothing for healthy objects", () => {
    expect(of("node-not-ready").map((o) => o.resource.name)).toEqual(["n1"]);
    expect(of("node-not-ready")[0]?.details.message).toBe("Kubelet stopped");
    expect(of("job-failed")[0]?.details.reason).toBe("BackoffLimitExceeded");
    expect(of("rollout-stuck")[0]?.resource).toMatchObject({ kind: "Deployment", name: "api" });
    expect(seen).toHaveLength(5);
  });

  it("sees a container that just exited non-zero in a running pod as a crash", () => {
    const pod: LooseObject = {
      metadata: { name: "w", namespace: "shop" },
      status: {
        phase: "Running",
        containerStatuses: [
          { name: "c", restartCount: 1, state: { terminated: { exitCode: 1, reason: "Error" } } },
        ],
      },
    };
    expect([...observe("prod", { pods: [pod] }).values()][0]?.details).toEqual({
      container: "c",
      reason: "Error",
      exitCode: 1,
      restartCount: 1,
    });
  });
});

describe("observe between two crashes", () => {
  it("keeps a container that runs again shortly after a failed run as crashing, and lets it go later", () => {
    const pod: LooseObject = {
      metadata: { name: "w", namespace: "shop" },
      status: {
        phase: "Running",
        containerStatuses: [
          {
            name: "c",
            restartCount: 5,
            state: { running: { startedAt: "2026-11-30T10:00:05Z" } },
            lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2026-11-30T10:00:00Z" } },
          },
        ],
      },
    };
    const at = (iso: string) => [...observe("prod", { pods: [pod] }, Date.parse(iso)).values()];
    expect(at("2026-11-30T10:01:00Z").map((o) => o.details)).toEqual([
      { container: "c", reason: "Error", exitCode: 1, restartCount: 5 },
    ]);
    expect(at("2026-11-30T10:30:00Z")).toEqual([]);
  });
});

describe("diffObservations against the stored state", () => {
  const rules = [rule(), rule({ id: "r-node", type: "node-not-ready", scope: { kind: "cluster" } })];
  const cfg = config(rules);

  it("fires what no rule holds yet, then nothing while it holds, then clears what is gone", () => {
    const first = diffObservations(emptyState(), cfg, observe("prod", objects));
    // The crash (namespace shop) and the node; the Job is in "ops" and has no rule; image-pull has none.
    expect(first.map((i) => i.type === "condition" && `${i.condition}:${i.state}`).sort()).toEqual([
      "node-not-ready:firing",
      "pod-crash:firing",
    ]);
    expect(needsLogs(first).map((i) => i.resource.name)).toEqual(["api-1"]);
    const after = stepAll(
      emptyState(),
      first.map((input) => ({ input, now: MONDAY_10 })),
      cfg,
    );
    expect(after.deliveries.map((d) => d.recipient)).toEqual([ALICE, ALICE]);
    expect(diffObservations(after.state, cfg, observe("prod", objects))).toEqual([]);

    // The pod recovers: a "cleared" derived from the state alone (as after a restart).
    const healed = { ...objects, pods: [pullingPod] };
    const cleared = diffObservations(after.state, cfg, observe("prod", healed));
    expect(cleared).toEqual([
      expect.objectContaining({ type: "condition", condition: "pod-crash", state: "cleared" }),
    ]);
    const resolved = stepAll(
      after.state,
      cleared.map((input) => ({ input, now: MONDAY_10 + 60_000 })),
      cfg,
    );
    expect(resolved.deliveries.map((d) => d.kind)).toEqual(["resolved"]);
  });

  it("fires again for a rule added later even though another rule holds the condition", () => {
    const first = diffObservations(emptyState(), config([rule()]), observe("prod", objects));
    const after = stepAll(
      emptyState(),
      first.map((input) => ({ input, now: MONDAY_10 })),
      config([rule()]),
    );
    const both = config([
      rule(),
      rule({ id: "r-crash-2", subscribers: [{ kind: "person", id: ALICE, via: ["web"] }] }),
    ]);
    expect(diffObservations(after.state, both, observe("prod", objects))).toHaveLength(1);
  });
});

describe("usageInputs", () => {
  it("gives each limited pod's usage as a percent of its limits, with the workload's top pods", () => {
    const pod = (name: string): LooseObject => ({
      metadata: {
        name,
        namespace: "shop",
        ownerReferences: [{ kind: "ReplicaSet", name: "api-7d9f", controller: true }],
      },
      spec: { containers: [{ name: "api", resources: { limits: { cpu: "500m", memory: "256Mi" } } }] },
    });
    const unlimited: LooseObject = {
      metadata: { name: "free", namespace: "shop" },
      spec: { containers: [{ name: "x" }] },
    };
    const inputs = usageInputs(
      "prod",
      [pod("a"), pod("b"), unlimited],
      [
        {
          metadata: { name: "a", namespace: "shop" },
          containers: [{ name: "api", usage: { cpu: "450m", memory: "128Mi" } }],
        },
        {
          metadata: { name: "b", namespace: "shop" },
          containers: [{ name: "api", usage: { cpu: "100m", memory: "64Mi" } }],
        },
        {
          metadata: { name: "free", namespace: "shop" },
          containers: [{ name: "x", usage: { cpu: "2", memory: "1Gi" } }],
        },
      ],
      [rs("api-7d9f", "api")],
    );
    const cpuA = inputs.find((i) => i.type === "usage" && i.metric === "cpu" && i.resource.name === "a");
    expect(cpuA).toMatchObject({ percent: 90, resource: { owner: { kind: "Deployment", name: "api" } } });
    expect(cpuA?.type === "usage" && cpuA.topPods?.map((p) => p.name)).toEqual(["a", "b"]);
    expect(
      inputs.find((i) => i.type === "usage" && i.metric === "memory" && i.resource.name === "b"),
    ).toMatchObject({ percent: 25 });
    expect(inputs.some((i) => i.type === "usage" && i.resource.name === "free")).toBe(false);
  });
});

describe("diffFindings", () => {
  const finding: Finding = {
    id: "pod.crash-loop.oom-killed",
    severity: "HIGH",
    target: { kind: "Pod", namespace: "shop", name: "api-1" },
    title: "Container api is OOMKilled",
    cause: "The container used more memory than its limit.",
    evidence: [],
    recommendations: [],
    fingerprint: "0123456789abcdef",
  };
  const cfg = config([
    rule({ id: "r-find", type: "finding", minSeverity: "MEDIUM", scope: { kind: "cluster" } }),
  ]);

  it("fires a new finding once and clears it when a later pass no longer finds it", () => {
    const first = diffFindings("prod", emptyState(), cfg, [finding]);
    expect(first).toHaveLength(1);
    const after = stepAll(
      emptyState(),
      first.map((input) => ({ input, now: MONDAY_10 })),
      cfg,
    );
    expect(after.deliveries).toHaveLength(1);
    expect(diffFindings("prod", after.state, cfg, [finding])).toEqual([]);
    const gone = diffFindings("prod", after.state, cfg, []);
    expect(gone).toEqual([expect.objectContaining({ type: "finding", state: "cleared" })]);
    expect(
      stepAll(
        after.state,
        gone.map((input) => ({ input, now: MONDAY_10 + 1 })),
        cfg,
      ).deliveries[0]?.kind,
    ).toBe("resolved");
  });
});
