import { describe, expect, it } from "vitest";
import { describePod, type PodLike, podStatus, summarizePod } from "../src/resources/pod-summary";
import { podContainerNames } from "../src/streams/index";

const running = { ready: true, restartCount: 0, state: { running: {} } };
const pod = (status: PodLike["status"], extra: Partial<PodLike> = {}): PodLike => ({
  metadata: { name: "web", namespace: "ns", creationTimestamp: "2026-01-02T03:04:05Z" },
  spec: { nodeName: "node-1", containers: [{}, {}] },
  status,
  ...extra,
});

describe("summarizePod", () => {
  it("summarizes a healthy pod", () => {
    expect(summarizePod(pod({ phase: "Running", containerStatuses: [running, running] }))).toEqual({
      name: "web",
      namespace: "ns",
      phase: "Running",
      ready: "2/2",
      restarts: 0,
      node: "node-1",
      createdAt: "2026-01-02T03:04:05Z",
      status: "Running",
      tone: "ok",
    });
  });

  it("counts readiness and restarts across containers, and warns when not all are ready", () => {
    const s = summarizePod(
      pod({
        phase: "Running",
        containerStatuses: [
          { ...running, restartCount: 3 },
          { ready: false, restartCount: 2, state: { running: {} } },
        ],
      }),
    );
    expect([s.ready, s.restarts, s.status, s.tone]).toEqual(["1/2", 5, "Running", "warning"]);
  });

  it("names the waiting reason, as kubectl does", () => {
    const s = summarizePod(
      pod({
        phase: "Running",
        containerStatuses: [running, { restartCount: 7, state: { waiting: { reason: "CrashLoopBackOff" } } }],
      }),
    );
    expect([s.status, s.tone, s.restarts]).toEqual(["CrashLoopBackOff", "error", 7]);
  });

  it("shows init progress and init failures", () => {
    const spec = { containers: [{}], initContainers: [{}, {}] };
    const done = { state: { terminated: { exitCode: 0, reason: "Completed" } } };
    expect(
      podStatus(
        pod(
          {
            phase: "Pending",
            initContainerStatuses: [done, { state: { waiting: { reason: "PodInitializing" } } }],
          },
          { spec },
        ),
      ),
    ).toBe("Init:1/2");
    expect(
      podStatus(
        pod(
          { phase: "Pending", initContainerStatuses: [{ state: { terminated: { exitCode: 2 } } }] },
          { spec },
        ),
      ),
    ).toBe("Init:ExitCode:2");
    const s = summarizePod(
      pod(
        {
          phase: "Pending",
          initContainerStatuses: [done, { state: { waiting: { reason: "PodInitializing" } } }],
        },
        { spec },
      ),
    );
    expect(s.tone).toBe("pending");
  });

  it("marks completed, failed, terminating and unscheduled pods", () => {
    const completed = summarizePod(
      pod({
        phase: "Succeeded",
        containerStatuses: [{ state: { terminated: { exitCode: 0, reason: "Completed" } } }],
      }),
    );
    expect([completed.status, completed.tone]).toEqual(["Completed", "done"]);
    const oom = summarizePod(
      pod({
        phase: "Failed",
        containerStatuses: [{ state: { terminated: { exitCode: 137, reason: "OOMKilled" } } }],
      }),
    );
    expect([oom.status, oom.tone]).toEqual(["OOMKilled", "error"]);
    expect(podStatus(pod({ phase: "Failed", reason: "Evicted" }))).toBe("Evicted");
    const terminating = pod(
      { phase: "Running", containerStatuses: [running] },
      { metadata: { name: "web", deletionTimestamp: "2026-01-02T03:04:05Z" } },
    );
    expect(summarizePod(terminating)).toMatchObject({ status: "Terminating", tone: "pending" });
    const unscheduled = summarizePod({
      metadata: { name: "p" },
      spec: { containers: [{}] },
      status: { phase: "Pending" },
    });
    expect(unscheduled).toMatchObject({
      status: "Pending",
      tone: "pending",
      ready: "0/1",
      node: "",
      restarts: 0,
    });
  });
});

describe("describePod", () => {
  it("adds the container and init container names in spec order", () => {
    const described = describePod(
      pod(
        { phase: "Running", containerStatuses: [running, running] },
        {
          spec: {
            containers: [{ name: "main" }, { name: "sidecar" }],
            initContainers: [{ name: "migrate" }],
          },
        },
      ),
    );
    expect(described).toMatchObject({
      name: "web",
      ready: "2/2",
      containers: ["main", "sidecar"],
      initContainers: ["migrate"],
    });
    expect(podContainerNames({})).toEqual({ containers: [], initContainers: [] });
  });

  it("puts the container kubectl.kubernetes.io/default-container names first, as kubectl does", () => {
    const spec = { containers: [{ name: "istio-proxy" }, { name: "app" }] };
    const annotated = (name: string) => ({
      metadata: { annotations: { "kubectl.kubernetes.io/default-container": name } },
      spec,
    });
    expect(podContainerNames(annotated("app")).containers).toEqual(["app", "istio-proxy"]);
    // An annotation naming no container of the pod is ignored.
    expect(podContainerNames(annotated("gone")).containers).toEqual(["istio-proxy", "app"]);
  });
});
