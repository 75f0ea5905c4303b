import type { RolloutsHistoryEntry } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  ARGO_ROLLOUT_KIND_KEY,
  argoPhaseTone,
  argoStepText,
  barText,
  canaryEnded,
  checkText,
  clockTime,
  defaultUndoRevision,
  liveKindsFor,
  parseReplicas,
  phaseTone,
  replicaBars,
  revisionOption,
  rolloutKindOf,
  secondsLeft,
  trafficText,
  undoTargets,
} from "../src/components/rollouts/format";

const entry = (revision: number, extra: Partial<RolloutsHistoryEntry> = {}): RolloutsHistoryEntry => ({
  revision,
  images: [`ghcr.io/acme/web:1.${revision}`],
  changeCause: null,
  createdAt: "2026-11-30T12:00:00Z",
  current: false,
  rolledBack: false,
  source: `web-${revision}`,
  ...extra,
});

describe("which pages get a rollout panel, and what it follows", () => {
  it("maps the three workload kinds and nothing else", () => {
    expect(rolloutKindOf("deployments")).toBe("Deployment");
    expect(rolloutKindOf("statefulsets")).toBe("StatefulSet");
    expect(rolloutKindOf("daemonsets")).toBe("DaemonSet");
    expect(rolloutKindOf("replicasets")).toBeNull();
    expect(rolloutKindOf("pods")).toBeNull();
  });
  it("follows ReplicaSets only for Deployments, and always pods and events", () => {
    expect(liveKindsFor("Deployment")).toEqual(["deployments", "replicasets", "pods", "events"]);
    expect(liveKindsFor("StatefulSet")).toEqual(["statefulsets", "pods", "events"]);
    expect(liveKindsFor("DaemonSet")).toEqual(["daemonsets", "pods", "events"]);
  });
});

describe("progress bars", () => {
  it("measure updated, ready and available against desired", () => {
    const bars = replicaBars({ desired: 4, updated: 2, ready: 3, available: 3, unavailable: 1 });
    expect(bars.map((b) => [b.key, b.value, b.max])).toEqual([
      ["updated", 2, 4],
      ["ready", 3, 4],
      ["available", 3, 4],
    ]);
    expect(barText(bars[0] as (typeof bars)[number], 4)).toBe("2 of 4");
  });
  it("grow their end when old and new pods overlap, and never divide by zero", () => {
    expect(replicaBars({ desired: 3, updated: 1, ready: 4, available: 4, unavailable: 0 })[1]?.max).toBe(4);
    expect(replicaBars({ desired: 0, updated: 0, ready: 0, available: 0, unavailable: 0 })[0]?.max).toBe(1);
  });
  it("colour phases so failure and pause stand out", () => {
    expect(phaseTone("complete")).toBe("good");
    expect(phaseTone("failed")).toBe("bad");
    expect(phaseTone("paused")).toBe("warn");
    expect(phaseTone("progressing")).toBe("accent");
  });
});

describe("undo's revision picker", () => {
  const history = [entry(4, { current: true }), entry(3), entry(2, { rolledBack: true }), entry(1)];
  it("offers every revision but the current one, newest first", () => {
    expect(undoTargets(history).map((r) => r.revision)).toEqual([3, 2, 1]);
  });
  it("defaults to the previous revision, as kubectl rollout undo does", () => {
    expect(defaultUndoRevision(history)).toBe(3);
    expect(defaultUndoRevision([entry(1, { current: true })])).toBeNull();
  });
  it("names an option by revision, images and time", () => {
    expect(revisionOption(entry(3))).toBe("Revision 3 · ghcr.io/acme/web:1.3 · 2026-11-30 12:00");
    expect(revisionOption(entry(5, { images: [], createdAt: null }))).toBe("Revision 5 · —");
  });
});

describe("scale input", () => {
  it("takes whole numbers 0 to 1000 and names what is wrong otherwise", () => {
    expect(parseReplicas(" 5 ")).toEqual({ ok: true, value: 5 });
    expect(parseReplicas("0")).toEqual({ ok: true, value: 0 });
    expect(parseReplicas("2.5")).toEqual({ ok: false, message: "Replicas must be a whole number." });
    expect(parseReplicas("-1")).toEqual({ ok: false, message: "Replicas must be a whole number." });
    expect(parseReplicas("1001")).toEqual({ ok: false, message: "Replicas must be 1000 or fewer." });
  });
});

describe("canary", () => {
  it("ends when promoted, rolled back or aborted", () => {
    expect(["promoted", "rolled-back", "aborted"].every((p) => canaryEnded(p as never))).toBe(true);
    expect(["analysing", "promoting", "rolling-back"].some((p) => canaryEnded(p as never))).toBe(false);
  });
  it("says how traffic is split", () => {
    expect(trafficText({ traffic: "gateway-api", httpRoute: "web", percentage: 20 })).toBe(
      "Gateway API: HTTPRoute web sends 20% to the canary",
    );
    expect(trafficText({ traffic: "replicas", httpRoute: null, percentage: 25 })).toBe(
      "By replicas: about 25% of pods run the canary",
    );
  });
  it("writes a check as one line, findings included", () => {
    const check = {
      at: "2026-11-30T12:00:05Z",
      ready: 1,
      desired: 1,
      restarts: 0,
      findings: [],
      healthy: true,
    };
    expect(checkText(check)).toBe("1/1 ready · 0 restarts");
    expect(checkText({ ...check, restarts: 1, findings: ["pod.crash-loop"], healthy: false })).toBe(
      "1/1 ready · 1 restart · pod.crash-loop",
    );
    expect(clockTime(check.at)).toBe("12:00:05");
  });
  it("counts the analysis window down to zero", () => {
    const now = Date.parse("2026-11-30T12:00:00Z");
    expect(secondsLeft("2026-11-30T12:00:30Z", now)).toBe(30);
    expect(secondsLeft("2026-11-30T11:59:00Z", now)).toBe(0);
    expect(secondsLeft("soon", now)).toBeNull();
  });
});

describe("Argo Rollouts", () => {
  it("is recognised by its resource kind key, which is not one of the workload kinds", () => {
    expect(ARGO_ROLLOUT_KIND_KEY).toBe("rollouts.argoproj.io");
    expect(rolloutKindOf(ARGO_ROLLOUT_KIND_KEY)).toBeNull();
  });
  it("counts steps done from the 0-based index, and names a blue-green Rollout", () => {
    expect(argoStepText({ currentStep: 1, steps: 4 })).toBe("1 of 4 steps done");
    expect(argoStepText({ currentStep: 4, steps: 4 })).toBe("4 of 4 steps done");
    expect(argoStepText({ currentStep: null, steps: 0 })).toBe("no canary steps (blue-green)");
  });
  it("colours the controller's phases, and unknown ones neutrally", () => {
    expect(argoPhaseTone("Paused")).toBe("warn");
    expect(argoPhaseTone("Degraded")).toBe("bad");
    expect(argoPhaseTone("")).toBe("neutral");
  });
});
