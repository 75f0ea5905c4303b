import { describe, expect, it } from "vitest";
import { type AlertInput, emptyState, step, stepAll, webHref } from "../src";
import { brief, config, finding, MINUTE, MONDAY_10, pod, rule, tick } from "./fixtures";

const cpu = (percent: number, name = "node-1"): AlertInput => ({
  type: "usage",
  metric: "cpu",
  resource: { cluster: "prod", kind: "Node", namespace: null, name, owner: null },
  percent,
  topPods: [
    { namespace: "shop", name: "api-1", percent: 41.6 },
    { namespace: "batch", name: "etl-7", percent: 30.2 },
  ],
});

describe("high CPU and memory", () => {
  const cfg = config([
    rule({
      id: "r-cpu",
      type: "high-cpu",
      severity: "HIGH",
      threshold: 80,
      durationSeconds: 300,
      scope: { kind: "cluster" },
    }),
  ]);

  it("fire only after the usage stayed above the threshold for the duration, with the top pods", () => {
    const samples = [85, 90, 95, 92, 88, 91].map((percent, i) => ({
      input: cpu(percent),
      now: MONDAY_10 + i * MINUTE,
    }));
    let state = emptyState();
    const firedAt: number[] = [];
    for (const { input, now } of samples) {
      const result = step(state, input, now, cfg);
      state = result.state;
      if (result.deliveries.length) firedAt.push((now - MONDAY_10) / MINUTE);
    }
    expect(firedAt).toEqual([5]);
    const { deliveries } = stepAll(emptyState(), samples, cfg);
    expect(deliveries[0]?.title).toBe("High CPU: Node node-1 at 91%");
    expect(deliveries[0]?.lines).toEqual([
      "Cluster: prod",
      "Usage: 91% of the limit",
      "Top pods:",
      "  shop/api-1 42%",
      "  batch/etl-7 30%",
    ]);
  });

  it("start the duration over when a sample drops below the threshold", () => {
    const samples = [90, 90, 90, 70, 90, 90, 90, 90, 90].map((percent, i) => ({
      input: cpu(percent),
      now: MONDAY_10 + i * MINUTE,
    }));
    let state = emptyState();
    const firedAt: number[] = [];
    for (const { input, now } of samples) {
      const result = step(state, input, now, cfg);
      state = result.state;
      if (result.deliveries.length) firedAt.push((now - MONDAY_10) / MINUTE);
    }
    expect(firedAt).toEqual([]); // the condition restarted at minute 4 and needs until minute 9
    expect(step(state, cpu(90), MONDAY_10 + 9 * MINUTE, cfg).deliveries).toHaveLength(1);
  });
});

describe("image pull", () => {
  it("carries the image, the error and what to try", () => {
    const cfg = config([rule({ id: "r-pull", type: "image-pull" })]);
    const { deliveries } = step(
      emptyState(),
      {
        type: "condition",
        condition: "image-pull",
        state: "firing",
        resource: pod("api-1"),
        details: {
          container: "api",
          reason: "ErrImagePull",
          image: "ghcr.io/acme/api:v9",
          error: "manifest unknown",
        },
      },
      MONDAY_10,
      cfg,
    );
    expect(deliveries[0]?.title).toBe("Pod shop/api-1 cannot pull its image");
    expect(deliveries[0]?.lines).toEqual([
      "Cluster: prod",
      "Owner: Deployment api",
      "Container: api",
      "Reason: ErrImagePull",
      "Image: ghcr.io/acme/api:v9",
      "Error: manifest unknown",
      // The same words as the diagnosis of that pod (@clustercord/diagnostics).
      "Try: Check the tag exists in the registry (a typo, or a tag that was never pushed).",
      "Try: Pin images by digest to avoid tags that are later removed.",
    ]);
  });

  it("suggests by the kind of error, as the diagnosis does", () => {
    const tryLines = (reason: string, error: string) =>
      step(
        emptyState(),
        {
          type: "condition",
          condition: "image-pull",
          state: "firing",
          resource: pod("api-1"),
          details: { container: "api", reason, image: "ghcr.io/acme/api:v9", error },
        },
        MONDAY_10,
        config([rule({ id: "r-pull", type: "image-pull" })]),
      ).deliveries[0]?.lines.filter((l) => l.startsWith("Try: ")) ?? [];
    expect(tryLines("ErrImagePull", "401 Unauthorized")[0]).toMatch(/imagePullSecret/);
    expect(tryLines("ErrImagePull", "toomanyrequests: You have reached your pull rate limit")[0]).toMatch(
      /Authenticate pulls/,
    );
    expect(tryLines("InvalidImageName", 'invalid reference format "API:latest"')[0]).toMatch(
      /Fix the image reference/,
    );
    expect(tryLines("ErrImagePull", "dial tcp: i/o timeout")[0]).toMatch(/reaches the registry/);
  });
});

describe("finding rules", () => {
  const cfg = config([rule({ id: "r-find", type: "finding", minSeverity: "HIGH" })]);
  const seen = (f: ReturnType<typeof finding>, state: "firing" | "cleared" = "firing"): AlertInput => ({
    type: "finding",
    state,
    cluster: "prod",
    finding: f,
    owner: { kind: "Deployment", name: "api" },
  });

  it("fire on findings at least as severe as the rule asks, with the finding's severity and evidence", () => {
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: seen(finding({ severity: "MEDIUM", id: "pod.probe.readiness-failing" })), now: MONDAY_10 },
        { input: seen(finding({ severity: "CRITICAL" })), now: MONDAY_10 },
      ],
      cfg,
    );
    expect(brief(deliveries).map((d) => d.title)).toEqual(["Container api is OOMKilled (Pod shop/api-1)"]);
    expect(deliveries[0]?.severity).toBe("CRITICAL");
    expect(deliveries[0]?.lines).toEqual([
      "Cluster: prod",
      "Owner: Deployment api",
      "The container used more memory than its 256Mi limit.",
      "lastState.terminated.reason: OOMKilled",
      "Try: Raise the memory limit to 512Mi.",
    ]);
  });

  it("resolve when the finding is gone or drops below the rule's severity", () => {
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: seen(finding()), now: MONDAY_10 },
        { input: seen(finding({ severity: "LOW" })), now: MONDAY_10 + MINUTE },
        { input: tick, now: MONDAY_10 + 2 * MINUTE },
      ],
      cfg,
    );
    expect(brief(deliveries).map((d) => d.kind)).toEqual(["alert", "resolved"]);
  });
});

describe("scopes and rule types", () => {
  it("match a workload's pods, a namespace, or the whole cluster, in the rule's cluster only", () => {
    const rules = [
      rule({ id: "w", scope: { kind: "workload", namespace: "shop", workload: "Deployment", name: "api" } }),
      rule({ id: "n", scope: { kind: "namespace", namespace: "shop" } }),
      rule({ id: "c", scope: { kind: "cluster" } }),
      rule({ id: "other-cluster", clusterId: "staging", scope: { kind: "cluster" } }),
      rule({ id: "jobs", type: "job-failed", scope: { kind: "cluster" } }),
    ];
    const ruleIds = (resource: ReturnType<typeof pod>) =>
      step(
        emptyState(),
        { type: "condition", condition: "pod-crash", state: "firing", resource },
        MONDAY_10,
        config(rules),
      ).deliveries.map((d) => d.ruleId);
    expect(ruleIds(pod("api-1"))).toEqual(["w", "n", "c"]);
    expect(ruleIds(pod("web-1", "web"))).toEqual(["n", "c"]);
    expect(ruleIds(pod("x", null, "billing"))).toEqual(["c"]);
  });

  it("give node-not-ready CRITICAL, rollout-stuck HIGH, and budget the cost package's sentence", () => {
    const rules = [
      rule({ id: "nodes", type: "node-not-ready", scope: { kind: "cluster" } }),
      rule({ id: "rollouts", type: "rollout-stuck" }),
      rule({ id: "budget", type: "budget" }),
    ];
    const { deliveries } = stepAll(
      emptyState(),
      [
        {
          input: {
            type: "condition",
            condition: "node-not-ready",
            state: "firing",
            resource: { cluster: "prod", kind: "Node", namespace: null, name: "node-3", owner: null },
          },
          now: MONDAY_10,
        },
        {
          input: {
            type: "condition",
            condition: "rollout-stuck",
            state: "firing",
            resource: { cluster: "prod", kind: "Deployment", namespace: "shop", name: "api", owner: null },
            details: { reason: "ProgressDeadlineExceeded" },
          },
          now: MONDAY_10,
        },
        {
          input: {
            type: "condition",
            condition: "budget",
            state: "firing",
            resource: { cluster: "prod", kind: "Namespace", namespace: "shop", name: "shop", owner: null },
            details: {
              message:
                "Budget for namespace shop: $41.20 of $50.00 this month; at this rate it is exceeded on the 23rd.",
            },
          },
          now: MONDAY_10,
        },
        { input: tick, now: MONDAY_10 + 24 * 60 * MINUTE },
      ],
      config(rules),
    );
    expect(deliveries.map((d) => [d.kind, d.severity, d.title])).toEqual([
      ["alert", "CRITICAL", "Node node-3 is NotReady"],
      ["alert", "HIGH", "Rollout of Deployment shop/api is stuck"],
      ["digest", "MEDIUM", "Daily alert digest: 1 alert"],
    ]);
    expect(deliveries[2]?.lines[1]).toBe(
      "2026-11-30 10:00 MEDIUM Budget for namespace shop: $41.20 of $50.00 this month",
    );
  });

  it("link each resource to its web page", () => {
    expect(webHref({ cluster: "prod", kind: "Node", namespace: null, name: "node-3" })).toBe(
      "/clusters/prod/resources/nodes/node-3",
    );
    expect(webHref({ cluster: "prod", kind: "StatefulSet", namespace: "db", name: "pg" })).toBe(
      "/clusters/prod/resources/statefulsets/pg?namespace=db",
    );
  });
});
