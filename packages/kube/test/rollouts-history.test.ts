import { describe, expect, it } from "vitest";
import { rolloutHistory, undoChangeCause, undoPatch } from "../src/rollouts/index";
import { controllerRevision, deployment, replicaSet, statefulSet, template } from "./fixtures/rollouts";

describe("rolloutHistory", () => {
  it("lists a Deployment's revisions newest first, with images, cause, time and which one runs", () => {
    const h = rolloutHistory(deployment({ revision: 3, image: "api:3" }), [
      replicaSet({
        revision: 1,
        image: "api:1",
        replicas: 0,
        annotations: { "kubernetes.io/change-cause": "first release" },
      }),
      replicaSet({ revision: 3, image: "api:3", replicas: 3 }),
      replicaSet({ revision: 2, image: "api:2", replicas: 0 }),
      replicaSet({ revision: 7, image: "x:1", replicas: 1, hash: "other", owner: "someone-else" }),
    ]);
    expect(h).toEqual({
      kind: "Deployment",
      name: "api",
      revisions: [
        {
          revision: 3,
          images: ["api:3"],
          changeCause: null,
          createdAt: "2026-11-30T03:00:00Z",
          current: true,
          rolledBack: false,
          source: "ReplicaSet api-h3",
        },
        {
          revision: 2,
          images: ["api:2"],
          changeCause: null,
          createdAt: "2026-11-30T02:00:00Z",
          current: false,
          rolledBack: false,
          source: "ReplicaSet api-h2",
        },
        {
          revision: 1,
          images: ["api:1"],
          changeCause: "first release",
          createdAt: "2026-11-30T01:00:00Z",
          current: false,
          rolledBack: false,
          source: "ReplicaSet api-h1",
        },
      ],
    });
  });

  it("marks a revision that came back by an undo, and keeps ClusterCord's cause only there", () => {
    // After an undo to revision 1, the controller gave api-h1 revision 4 and noted it was 1 before;
    // revision 5 inherited the Deployment's change-cause when it was created later.
    const cause = undoChangeCause(1, "bob");
    const h = rolloutHistory(deployment({ revision: 5, image: "api:5" }), [
      replicaSet({
        revision: 4,
        image: "api:1",
        replicas: 0,
        hash: "h1",
        annotations: {
          "deployment.kubernetes.io/revision-history": "1",
          "kubernetes.io/change-cause": cause,
        },
      }),
      replicaSet({ revision: 2, image: "api:2", replicas: 0 }),
      replicaSet({
        revision: 5,
        image: "api:5",
        replicas: 3,
        annotations: { "kubernetes.io/change-cause": cause },
      }),
    ]);
    expect(h.revisions.map((r) => [r.revision, r.current, r.rolledBack, r.changeCause])).toEqual([
      [5, true, false, null],
      [4, false, true, "undo to revision 1 by bob"],
      [2, false, false, null],
    ]);
  });

  it("marks a revision whose template equals an older one's as rolled back", () => {
    const h = rolloutHistory(statefulSet({ updateRevision: "db-c" }), [
      controllerRevision("db-a", 1, "postgres:16"),
      controllerRevision("db-b", 2, "postgres:17"),
      controllerRevision("db-c", 3, "postgres:16"),
    ]);
    expect(h.kind).toBe("StatefulSet");
    expect(h.revisions.map((r) => [r.revision, r.images[0], r.current, r.rolledBack, r.source])).toEqual([
      [3, "postgres:16", true, true, "ControllerRevision db-c"],
      [2, "postgres:17", false, false, "ControllerRevision db-b"],
      [1, "postgres:16", false, false, "ControllerRevision db-a"],
    ]);
  });

  it("lists 50 revisions quickly (the bench's case, without I/O)", () => {
    const sets = Array.from({ length: 50 }, (_, i) =>
      replicaSet({ revision: i + 1, image: `api:${i + 1}`, replicas: i === 49 ? 3 : 0, hash: `r${i + 1}` }),
    );
    const started = performance.now();
    const h = rolloutHistory(deployment({ revision: 50, image: "api:50" }), sets);
    expect(performance.now() - started).toBeLessThan(50);
    expect(h.revisions).toHaveLength(50);
    expect(h.revisions[0]).toMatchObject({ revision: 50, current: true });
    expect(h.revisions.filter((r) => r.current)).toHaveLength(1);
  });
});

describe("undoPatch", () => {
  it("writes the ReplicaSet's template back without pod-template-hash, with its annotations, guarded by generation", () => {
    const target = replicaSet({
      revision: 1,
      image: "api:1",
      replicas: 0,
      annotations: { "kubernetes.io/change-cause": "first release", "team/owner": "payments" },
    });
    const current = deployment({
      revision: 3,
      image: "api:3",
      annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}", "team/owner": "old" },
    });
    expect(undoPatch(current, target, { changeCause: undoChangeCause(1, "bob") })).toEqual([
      { op: "test", path: "/metadata/generation", value: 4 },
      {
        op: "replace",
        path: "/spec/template",
        value: { metadata: { labels: { app: "api" } }, spec: template("api:1").spec },
      },
      {
        op: "add",
        path: "/metadata/annotations",
        value: {
          // The Deployment's own bookkeeping stays as it is; the rest comes from the ReplicaSet.
          "kubectl.kubernetes.io/last-applied-configuration": "{}",
          "deployment.kubernetes.io/revision": "3",
          "kubernetes.io/change-cause": "undo to revision 1 by bob",
          "team/owner": "payments",
        },
      },
    ]);
  });
});
