import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  type CanaryPodObservation,
  canaryCheck,
  isUnhealthyFinding,
  judgeCanary,
  observePod,
} from "../src/rollouts/canary-judge";

const startedAt = new Date("2026-01-01T00:00:00Z");
const endsAt = new Date("2026-01-01T00:00:30Z");
const during = new Date("2026-01-01T00:00:10Z");
const after = new Date("2026-01-01T00:00:31Z");
const healthyPod = (name: string): CanaryPodObservation => ({
  name,
  ready: true,
  restarts: 0,
  waitingReason: null,
  lastExitCode: null,
  findings: [],
});

describe("observePod", () => {
  it("reads readiness, restarts, the waiting reason and the last exit code", () => {
    const pod: V1Pod = {
      metadata: { name: "api-canary-x" },
      status: {
        conditions: [{ type: "Ready", status: "False" }],
        containerStatuses: [
          {
            name: "app",
            image: "api:2",
            imageID: "",
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: "CrashLoopBackOff" } },
            lastState: { terminated: { exitCode: 1, reason: "Error" } },
          },
        ],
      },
    };
    expect(observePod(pod, ["pod.crash-loop.app-error"])).toEqual({
      name: "api-canary-x",
      ready: false,
      restarts: 3,
      waitingReason: "CrashLoopBackOff",
      lastExitCode: 1,
      findings: ["pod.crash-loop.app-error"],
    });
  });
});

describe("judgeCanary", () => {
  it("keeps watching healthy pods until the window ends, then calls them healthy", () => {
    const pods = [healthyPod("a"), healthyPod("b")];
    expect(judgeCanary({ at: during, desired: 2, pods }, { startedAt, endsAt })).toEqual({
      verdict: "watching",
      reason: null,
    });
    expect(judgeCanary({ at: after, desired: 2, pods }, { startedAt, endsAt })).toEqual({
      verdict: "healthy",
      reason: "2 of 2 canary pods Ready with no restarts for the 30 s window",
    });
  });

  it("rolls back at the first restart, with the pod, the reason and the exit code", () => {
    const pods = [
      healthyPod("a"),
      { ...healthyPod("b"), ready: false, restarts: 2, waitingReason: "CrashLoopBackOff", lastExitCode: 1 },
    ];
    expect(judgeCanary({ at: during, desired: 2, pods }, { startedAt, endsAt })).toEqual({
      verdict: "unhealthy",
      reason: "canary pod b restarted 2 times: CrashLoopBackOff, exit code 1",
    });
  });

  it("rolls back on a diagnostics finding that is evidence against it", () => {
    const pods = [{ ...healthyPod("a"), ready: false, findings: ["pod.image-pull.not-found"] }];
    expect(judgeCanary({ at: during, desired: 1, pods }, { startedAt, endsAt })).toEqual({
      verdict: "unhealthy",
      reason: "canary pod a has pod.image-pull.not-found",
    });
  });

  it("ignores usage findings", () => {
    const pods = [{ ...healthyPod("a"), findings: ["pod.usage.cpu-at-limit"] }];
    expect(judgeCanary({ at: after, desired: 1, pods }, { startedAt, endsAt }).verdict).toBe("healthy");
    expect(isUnhealthyFinding("pod.crash-loop.app-error")).toBe(true);
    expect(isUnhealthyFinding("pod.probe.readiness-failing")).toBe(true);
    expect(isUnhealthyFinding("pod.usage.memory-near-limit")).toBe(false);
  });

  it("rolls back pods that are not Ready when the window ends", () => {
    const pods = [healthyPod("a"), { ...healthyPod("b"), ready: false }];
    expect(judgeCanary({ at: after, desired: 2, pods }, { startedAt, endsAt })).toEqual({
      verdict: "unhealthy",
      reason: "only 1 of 2 canary pods were Ready at the end of the 30 s window",
    });
    expect(judgeCanary({ at: after, desired: 2, pods: [] }, { startedAt, endsAt }).verdict).toBe("unhealthy");
  });
});

describe("canaryCheck", () => {
  it("sums what the status shows", () => {
    const { check, problem } = canaryCheck({
      at: during,
      desired: 2,
      pods: [
        { ...healthyPod("a"), findings: ["pod.usage.cpu-at-limit"] },
        { ...healthyPod("b"), restarts: 1, ready: false },
      ],
    });
    expect(check).toEqual({
      at: during.toISOString(),
      ready: 1,
      desired: 2,
      restarts: 1,
      findings: ["pod.usage.cpu-at-limit"],
      healthy: false,
    });
    expect(problem).toBe("canary pod b restarted once");
  });
});
