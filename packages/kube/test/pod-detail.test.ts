import { PodDetail } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { MAX_ANNOTATION_VALUE, podDetails } from "../src/resources/pod-detail";
import { describePod } from "../src/resources/pod-summary";

const crashing = {
  metadata: {
    name: "api-7d9f-abcde",
    namespace: "shop",
    labels: { app: "api", "pod-template-hash": "7d9f" },
    annotations: { note: "short", "kubectl.kubernetes.io/last-applied-configuration": "x".repeat(5000) },
    ownerReferences: [
      { kind: "Node", name: "not-the-controller" },
      { kind: "ReplicaSet", name: "api-7d9f", controller: true },
    ],
  },
  spec: {
    serviceAccountName: "api",
    initContainers: [{ name: "migrate", image: "registry.invalid/migrate:2" }],
    containers: [
      {
        name: "app",
        image: "registry.invalid/api:1",
        ports: [
          { name: "http", containerPort: 8080 },
          { containerPort: 9090, protocol: "UDP" },
        ],
        resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
      },
      { name: "sidecar", image: "registry.invalid/sidecar:1" },
    ],
  },
  status: {
    phase: "Running",
    podIP: "10.0.0.7",
    podIPs: [{ ip: "10.0.0.7" }, { ip: "fd00::7" }],
    hostIP: "192.168.1.2",
    qosClass: "Burstable",
    conditions: [
      {
        type: "Ready",
        status: "False",
        reason: "ContainersNotReady",
        message: "containers with unready status: [app]",
        lastTransitionTime: "2026-01-02T00:00:00Z",
      },
      { type: "PodScheduled", status: "True", lastTransitionTime: new Date("2026-01-01T00:00:00Z") },
    ],
    initContainerStatuses: [
      {
        name: "migrate",
        ready: false,
        restartCount: 0,
        state: { terminated: { reason: "Completed", exitCode: 0, startedAt: "2026-01-01T00:00:01Z" } },
      },
    ],
    containerStatuses: [
      {
        name: "sidecar",
        ready: true,
        restartCount: 0,
        state: { running: { startedAt: new Date("2026-01-01T00:00:05Z") } },
      },
      {
        name: "app",
        ready: false,
        restartCount: 4,
        state: { waiting: { reason: "CrashLoopBackOff" } },
        lastState: { terminated: { reason: "Error", exitCode: 1 } },
      },
    ],
  },
};

describe("podDetails: what the pod page shows beside the log", () => {
  const details = podDetails(crashing);

  it("describes every container from spec and status (matched by name), init containers first", () => {
    expect(details.containerDetails).toEqual([
      {
        name: "migrate",
        image: "registry.invalid/migrate:2",
        init: true,
        state: "terminated",
        stateDetail: "Completed (exit 0)",
        since: "2026-01-01T00:00:01Z",
        ready: false,
        restarts: 0,
        lastTermination: "",
        ports: [],
        requests: { cpu: "", memory: "" },
        limits: { cpu: "", memory: "" },
      },
      {
        name: "app",
        image: "registry.invalid/api:1",
        init: false,
        state: "waiting",
        stateDetail: "CrashLoopBackOff",
        since: "",
        ready: false,
        restarts: 4,
        lastTermination: "Error (exit 1)",
        ports: [
          { name: "http", containerPort: 8080, protocol: "TCP" },
          { name: "", containerPort: 9090, protocol: "UDP" },
        ],
        requests: { cpu: "100m", memory: "64Mi" },
        limits: { cpu: "", memory: "128Mi" },
      },
      expect.objectContaining({
        name: "sidecar",
        state: "running",
        ready: true,
        since: "2026-01-01T00:00:05.000Z",
      }),
    ]);
  });

  it("keeps conditions, IPs, QoS, service account and the controlling owner", () => {
    expect(details.conditions).toEqual([
      {
        type: "Ready",
        status: "False",
        reason: "ContainersNotReady",
        message: "containers with unready status: [app]",
        lastTransition: "2026-01-02T00:00:00Z",
      },
      {
        type: "PodScheduled",
        status: "True",
        reason: "",
        message: "",
        lastTransition: "2026-01-01T00:00:00.000Z",
      },
    ]);
    expect(details).toMatchObject({
      podIPs: ["10.0.0.7", "fd00::7"],
      hostIP: "192.168.1.2",
      qosClass: "Burstable",
      serviceAccount: "api",
      owner: { kind: "ReplicaSet", name: "api-7d9f" },
      labels: { app: "api", "pod-template-hash": "7d9f" },
    });
  });

  it("cuts long annotation values and says how much was left out", () => {
    expect(details.annotations.note).toBe("short");
    const cut = details.annotations["kubectl.kubernetes.io/last-applied-configuration"];
    expect(cut).toBe(`${"x".repeat(MAX_ANNOTATION_VALUE)}… (${5000 - MAX_ANNOTATION_VALUE} more characters)`);
  });

  it("answers for a pod that has nothing yet (just created, unscheduled)", () => {
    expect(podDetails({ spec: { containers: [{ name: "a" }] }, status: { podIP: "10.0.0.9" } })).toEqual({
      containerDetails: [
        {
          name: "a",
          image: "",
          init: false,
          state: "unknown",
          stateDetail: "",
          since: "",
          ready: false,
          restarts: 0,
          lastTermination: "",
          ports: [],
          requests: { cpu: "", memory: "" },
          limits: { cpu: "", memory: "" },
        },
      ],
      conditions: [],
      labels: {},
      annotations: {},
      podIPs: ["10.0.0.9"],
      hostIP: "",
      qosClass: "",
      serviceAccount: "",
      owner: null,
    });
  });

  it("is part of pods.get's answer (describePod)", () => {
    const described = describePod(crashing);
    expect(described).toMatchObject({
      name: "api-7d9f-abcde",
      status: "CrashLoopBackOff",
      containers: ["app", "sidecar"],
      initContainers: ["migrate"],
      owner: { kind: "ReplicaSet", name: "api-7d9f" },
    });
    expect(described.containerDetails).toHaveLength(3);
    // What the API's output schema checks.
    expect(PodDetail.parse(described)).toEqual(described);
  });
});
