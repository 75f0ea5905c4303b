import { describe, expect, it } from "vitest";
import {
  type ArgoRollout,
  argoAbortPatch,
  argoAsCanary,
  argoPromotePatches,
  argoRolloutStatus,
} from "../src/rollouts/canary-argo";

const base: ArgoRollout = {
  metadata: { name: "cart", namespace: "shop", uid: "u1", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: {
    replicas: 4,
    template: { spec: { containers: [{ image: "ghcr.io/acme/cart:2.0" }] } },
    strategy: {
      canary: { steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: 60 } }] },
    },
  },
};
const pausedAtStep1: ArgoRollout = {
  ...base,
  status: {
    phase: "Paused",
    message: "CanaryPauseStep",
    currentStepIndex: 1,
    controllerPause: true,
    pauseConditions: [{ reason: "CanaryPauseStep" }],
    updatedReplicas: 1,
  },
};

describe("argoRolloutStatus", () => {
  it("reads the step, the weight by the steps passed, and the pause", () => {
    expect(argoRolloutStatus(pausedAtStep1)).toEqual({
      name: "cart",
      phase: "Paused",
      message: "CanaryPauseStep",
      paused: true,
      aborted: false,
      currentStep: 1,
      steps: 4,
      canaryWeight: 25,
      images: ["ghcr.io/acme/cart:2.0"],
    });
  });

  it("prefers the controller's weight, and has no steps for blue-green", () => {
    const weighted = {
      ...pausedAtStep1,
      status: { ...pausedAtStep1.status, canary: { weights: { canary: { weight: 30 } } } },
    };
    expect(argoRolloutStatus(weighted).canaryWeight).toBe(30);
    const blueGreen: ArgoRollout = { ...base, spec: { ...base.spec, strategy: { blueGreen: {} } } };
    expect(argoRolloutStatus(blueGreen)).toMatchObject({
      currentStep: null,
      steps: 0,
      canaryWeight: null,
      phase: "",
    });
  });
});

describe("promote and abort patches (as kubectl argo rollouts sends them)", () => {
  it("clears the pause conditions of a Rollout paused at a step", () => {
    expect(argoPromotePatches(pausedAtStep1)).toEqual({
      spec: null,
      status: { status: { pauseConditions: null } },
    });
  });

  it("unpauses a Rollout paused by hand and moves a running one to its next step", () => {
    const byHand = { ...base, spec: { ...base.spec, paused: true }, status: { currentStepIndex: 2 } };
    expect(argoPromotePatches(byHand)).toEqual({
      spec: { spec: { paused: false } },
      status: { status: { pauseConditions: null, currentStepIndex: 3 } },
    });
    const last = { ...base, status: { currentStepIndex: 4 } };
    expect(argoPromotePatches(last).status).toEqual({
      status: { pauseConditions: null, currentStepIndex: 4 },
    });
  });

  it("aborts through the status", () => {
    expect(argoAbortPatch()).toEqual({ status: { abort: true } });
  });
});

describe("argoAsCanary", () => {
  it("maps the controller's phases to ours", () => {
    expect(argoAsCanary(pausedAtStep1, "c1")).toMatchObject({
      id: "argo:u1",
      clusterId: "c1",
      namespace: "shop",
      deployment: "cart",
      image: "ghcr.io/acme/cart:2.0",
      percentage: 25,
      canaryReplicas: 1,
      phase: "analysing",
      reason: "CanaryPauseStep",
      startedBy: "Argo Rollouts",
    });
    expect(argoAsCanary({ ...base, status: { phase: "Healthy" } }, "c1").phase).toBe("promoted");
    expect(argoAsCanary({ ...base, status: { phase: "Degraded", abort: true } }, "c1").phase).toBe("aborted");
    expect(argoAsCanary({ ...base, status: { phase: "Degraded" } }, "c1").phase).toBe("rolled-back");
  });
});
