import { describe, expect, it } from "vitest";
import { rolloutStatus } from "../src/rollouts/index";
import {
  controllerRevision,
  DEPLOYMENT,
  deployment,
  event,
  pod,
  replicaSet,
  STATEFULSET,
  statefulSet,
} from "./fixtures/rollouts";

const now = new Date("2026-11-30T12:00:00Z");

describe("rolloutStatus of a Deployment (kubectl rollout status's rule and words)", () => {
  const rs2 = replicaSet({ revision: 2, image: "api:2", replicas: 0 });
  const rs3 = replicaSet({ revision: 3, image: "api:3", replicas: 3 });
  const someoneElses = replicaSet({
    revision: 9,
    image: "other:1",
    replicas: 2,
    hash: "zz",
    owner: "another",
  });

  it("is complete when the spec is observed, every replica is updated and available, and no old ones remain", () => {
    const s = rolloutStatus({
      workload: deployment({ revision: 3, image: "api:3" }),
      sets: [rs2, rs3, someoneElses],
      pods: [],
      events: [],
      now,
    });
    expect(s).toMatchObject({
      kind: "Deployment",
      namespace: "shop",
      name: "api",
      phase: "complete",
      message: 'deployment "api" successfully rolled out',
      paused: false,
      revision: 3,
      images: ["api:3"],
      replicas: { desired: 3, updated: 3, ready: 3, available: 3, unavailable: 0 },
      observedAt: "2026-11-30T12:00:00.000Z",
    });
    // The scaled-down revision 2 and another Deployment's ReplicaSet are not shown.
    expect(s.sets).toEqual([
      { name: "api-h3", revision: 3, images: ["api:3"], desired: 3, ready: 3, role: "new" },
    ]);
    expect(s.conditions.map((c) => [c.type, c.reason, c.lastUpdate])).toEqual([
      ["Available", "MinimumReplicasAvailable", "2026-11-30T10:00:00Z"],
      ["Progressing", "NewReplicaSetAvailable", "2026-11-30T10:01:00Z"],
    ]);
  });

  it("waits for the controller to observe a new spec", () => {
    const s = rolloutStatus({
      workload: deployment({ revision: 3, image: "api:4", generation: 5, observedGeneration: 4 }),
      sets: [rs3],
      pods: [],
      events: [],
      now,
    });
    expect(s.phase).toBe("progressing");
    expect(s.message).toBe("Waiting for deployment spec update to be observed...");
  });

  it("counts updated, then old, then available replicas, in kubectl's order and words", () => {
    const rolling = (status: Record<string, unknown>) =>
      rolloutStatus({
        workload: deployment({ revision: 4, image: "api:4", status }),
        sets: [rs3, replicaSet({ revision: 4, image: "api:4", replicas: 1, ready: 0 })],
        pods: [],
        events: [],
        now,
      });
    expect(rolling({ updatedReplicas: 1, replicas: 4, availableReplicas: 3 }).message).toBe(
      'Waiting for deployment "api" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(rolling({ updatedReplicas: 3, replicas: 4, availableReplicas: 3 }).message).toBe(
      'Waiting for deployment "api" rollout to finish: 1 old replicas are pending termination...',
    );
    const available = rolling({
      updatedReplicas: 3,
      replicas: 3,
      availableReplicas: 1,
      unavailableReplicas: 2,
    });
    expect(available.message).toBe(
      'Waiting for deployment "api" rollout to finish: 1 of 3 updated replicas are available...',
    );
    expect(available.phase).toBe("progressing");
    expect(available.replicas.unavailable).toBe(2);
    // Both sets are shown while the old one still has pods: the new one first by role.
    expect(available.sets.map((s) => [s.name, s.role, s.desired, s.ready])).toEqual([
      ["api-h4", "new", 1, 0],
      ["api-h3", "old", 3, 3],
    ]);
    expect(available.revision).toBe(4);
  });

  it("fails on ProgressDeadlineExceeded, before any other rule", () => {
    const s = rolloutStatus({
      workload: deployment({
        revision: 4,
        image: "api:4",
        status: {
          updatedReplicas: 1,
          conditions: [
            {
              type: "Progressing",
              status: "False",
              reason: "ProgressDeadlineExceeded",
              message: "ReplicaSet has timed out progressing.",
            },
          ],
        },
      }),
      sets: [rs3],
      pods: [],
      events: [],
      now,
    });
    expect(s.phase).toBe("failed");
    expect(s.message).toBe('deployment "api" exceeded its progress deadline');
    expect(s.conditions[0]).toMatchObject({ reason: "ProgressDeadlineExceeded", lastUpdate: null });
  });

  it("says paused, with how far it got", () => {
    const s = rolloutStatus({
      workload: deployment({
        revision: 4,
        image: "api:4",
        paused: true,
        status: { updatedReplicas: 1, replicas: 4 },
      }),
      sets: [rs3],
      pods: [],
      events: [],
      now,
    });
    expect(s.phase).toBe("paused");
    expect(s.paused).toBe(true);
    expect(s.message).toBe('deployment "api" rollout is paused: 1 out of 3 new replicas have been updated');
  });

  it("finds the new ReplicaSet by template before the controller has written the revision", () => {
    const w = {
      ...deployment({ revision: 3, image: "api:3" }),
      metadata: { name: "api", namespace: "shop", uid: "d-uid" },
    };
    const s = rolloutStatus({ workload: w, sets: [rs3], pods: [], events: [], now });
    expect(s.sets[0]?.role).toBe("new");
    expect(s.revision).toBe(0);
  });

  it("shows the events of the Deployment, its ReplicaSets and their pods, newest first, at most 20", () => {
    const p = pod("api-h3-a", "rs-h3");
    const stranger = pod("other-1", "rs-zz");
    const events = [
      event(
        DEPLOYMENT,
        "ScalingReplicaSet",
        "Scaled up replica set api-h3 from 0 to 3",
        "2026-11-30T11:00:00Z",
      ),
      event(
        { kind: "ReplicaSet", name: "api-h3", uid: "rs-h3" },
        "SuccessfulCreate",
        "Created pod: api-h3-a",
        "2026-11-30T11:00:01Z",
      ),
      event(
        { kind: "Pod", name: "api-h3-a", uid: "pod-api-h3-a" },
        "Started",
        "Started container api",
        "2026-11-30T11:00:05Z",
        {
          count: 2,
        },
      ),
      // events.k8s.io-style: no lastTimestamp, an eventTime and a series.
      event({ kind: "Pod", name: "api-h3-a", uid: "pod-api-h3-a" }, "Pulled", "Image pulled", "", {
        lastTimestamp: null,
        count: undefined,
        eventTime: "2026-11-30T11:00:03.000000Z",
        series: { count: 4, lastObservedTime: "2026-11-30T11:00:04.000000Z" },
      }),
      event(
        { kind: "Pod", name: "other-1", uid: "pod-other-1" },
        "Killing",
        "not ours",
        "2026-11-30T11:59:00Z",
      ),
    ];
    const s = rolloutStatus({
      workload: deployment({ revision: 3, image: "api:3" }),
      sets: [rs3],
      pods: [p, stranger],
      events,
      now,
    });
    expect(s.events.map((e) => [e.reason, e.object, e.count, e.lastSeen])).toEqual([
      ["Started", "Pod api-h3-a", 2, "2026-11-30T11:00:05Z"],
      ["Pulled", "Pod api-h3-a", 4, "2026-11-30T11:00:03.000000Z"],
      ["SuccessfulCreate", "ReplicaSet api-h3", 1, "2026-11-30T11:00:01Z"],
      ["ScalingReplicaSet", "Deployment api", 1, "2026-11-30T11:00:00Z"],
    ]);
    const many = Array.from({ length: 30 }, (_, i) =>
      event(DEPLOYMENT, `R${i}`, "m", `2026-11-30T11:${String(i).padStart(2, "0")}:00Z`),
    );
    const capped = rolloutStatus({
      workload: deployment({ revision: 3, image: "api:3" }),
      sets: [rs3],
      pods: [],
      events: many,
      now,
    });
    expect(capped.events).toHaveLength(20);
    expect(capped.events[0]?.reason).toBe("R29");
    expect(capped.events[19]?.reason).toBe("R10");
  });
});

describe("rolloutStatus of a StatefulSet and a DaemonSet", () => {
  const crs = [
    controllerRevision("db-aaa", 1, "postgres:16"),
    controllerRevision("db-bbb", 2, "postgres:17"),
  ];

  it("uses the update revision's ControllerRevision and counts its pods", () => {
    const s = rolloutStatus({
      workload: statefulSet({
        currentRevision: "db-aaa",
        updateRevision: "db-bbb",
        updatedReplicas: 1,
        readyReplicas: 1,
      }),
      sets: crs,
      pods: [
        pod("db-0", STATEFULSET.uid, { hash: "db-aaa", owner: "StatefulSet" }),
        pod("db-1", STATEFULSET.uid, { hash: "db-bbb", owner: "StatefulSet", ready: false }),
      ],
      events: [],
      now,
    });
    expect(s.phase).toBe("progressing");
    expect(s.message).toBe("Waiting for 1 pods to be ready...");
    expect(s.revision).toBe(2);
    expect(s.paused).toBe(false);
    expect(s.sets).toEqual([
      { name: "db-bbb", revision: 2, images: ["postgres:17"], desired: 1, ready: 0, role: "new" },
      { name: "db-aaa", revision: 1, images: ["postgres:16"], desired: 1, ready: 1, role: "old" },
    ]);
    expect(s.replicas).toEqual({ desired: 2, updated: 1, ready: 1, available: 2, unavailable: 0 });
  });

  it("completes a partitioned rolling update as kubectl words it", () => {
    const s = rolloutStatus({
      workload: statefulSet({ currentRevision: "db-bbb", updateRevision: "db-bbb" }),
      sets: crs,
      pods: [],
      events: [],
      now,
    });
    expect(s.phase).toBe("complete");
    expect(s.message).toBe("partitioned roll out complete: 2 new pods have been updated...");
  });

  it("without rollingUpdate settings, compares the current and update revisions", () => {
    const rolling = statefulSet(
      { currentRevision: "db-aaa", updateRevision: "db-bbb", updatedReplicas: 1 },
      { updateStrategy: { type: "RollingUpdate" } },
    );
    expect(rolloutStatus({ workload: rolling, sets: crs, pods: [], events: [], now }).message).toBe(
      "waiting for statefulset rolling update to complete 1 pods at revision db-bbb...",
    );
  });

  it("reports OnDelete as kubectl does: nothing to wait for", () => {
    const s = rolloutStatus({
      workload: statefulSet({}, { updateStrategy: { type: "OnDelete" } }),
      sets: crs,
      pods: [],
      events: [],
      now,
    });
    expect(s).toMatchObject({
      phase: "complete",
      message: "rollout status is only available for RollingUpdate strategy type",
    });
  });

  it("judges a DaemonSet by its scheduled pods; its pods name a revision by hash", () => {
    const ds = {
      kind: "DaemonSet",
      metadata: { name: "agent", namespace: "shop", uid: "ds-uid", generation: 3 },
      spec: { template: { spec: { containers: [{ name: "a", image: "agent:2" }] } } },
      status: {
        observedGeneration: 3,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberReady: 2,
        numberAvailable: 2,
        numberUnavailable: 1,
      },
    };
    const cr = {
      ...controllerRevision("agent-7f9", 5, "agent:2", "ds-uid"),
      metadata: { ...controllerRevision("agent-7f9", 5, "agent:2", "ds-uid").metadata, name: "agent-7f9" },
    };
    const s = rolloutStatus({
      workload: ds,
      sets: [cr],
      pods: [pod("agent-x", "ds-uid", { hash: "7f9", owner: "DaemonSet" })],
      events: [],
      now,
    });
    expect(s.message).toBe(
      'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...',
    );
    expect(s.replicas).toEqual({ desired: 3, updated: 3, ready: 2, available: 2, unavailable: 1 });
    expect(s.revision).toBe(5);
    expect(s.sets).toEqual([
      { name: "agent-7f9", revision: 5, images: ["agent:2"], desired: 1, ready: 1, role: "new" },
    ]);
  });
});
