import type {
  AuditListOutput,
  RolloutsActionOutput,
  RolloutsHistoryOutput,
  RolloutsStatusOutput,
  RolloutsUndoPlan,
} from "@clustercord/contracts";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BOB, CAROL, startApiHarness } from "./harness";

// Env values of the Deployment: an undo plan shows their names only, so no output of the suite may hold them.
const TOKEN_ONE = registerSecret("s3cr3t-one-rollouts-4c1d", "an env value of the rolled-out Deployment");
const TOKEN_TWO = registerSecret("s3cr3t-two-rollouts-9e2a", "an env value of the rolled-out Deployment");

const ns = `clustercord-guild-${ACME}`;

let h: ApiHarness;
let shared: string;

/** Deployment "api": two replicas rolled one at a time, each pod available 1 s after it is ready, so a rollout lasts a few seconds. */
const deployment = (image: string, env: { name: string; value: string }[]) =>
  JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "api", namespace: ns },
    spec: {
      replicas: 2,
      minReadySeconds: 1,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: { app: "api" } },
      template: {
        metadata: { labels: { app: "api" } },
        spec: {
          containers: [
            {
              name: "api",
              image,
              env,
              resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
            },
          ],
        },
      },
    },
  });

const statefulSet = JSON.stringify({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "db", namespace: ns },
  spec: {
    replicas: 2,
    serviceName: "db",
    selector: { matchLabels: { app: "db" } },
    template: {
      metadata: { labels: { app: "db" } },
      spec: {
        containers: [
          {
            name: "db",
            image: "registry.invalid/postgres:17",
            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
          },
        ],
      },
    },
  },
});

const apply = (manifest: string) => h.cluster.kubectl(["apply", "-f", "-"], manifest);

const api = { clusterId: "", namespace: ns, name: "api" };
const call = <T>(procedure: string, who: readonly [string, string], input: object, mutation = false) =>
  h.call<T>(`rollouts.${procedure}`, who, { input: { ...api, clusterId: shared, ...input }, mutation });
const status = (input: object = {}) => call<RolloutsStatusOutput>("status", [CAROL, ACME], input);

async function waitFor<T>(what: string, timeoutMs: number, look: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await look();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls rollouts.status until `done`, keeping every phase and message it saw on the way. */
async function follow(done: (s: RolloutsStatusOutput) => boolean, timeoutMs = 60_000) {
  const seen: RolloutsStatusOutput[] = [];
  const last = await waitFor("the rollout", timeoutMs, async () => {
    const res = await status();
    expect(res.status).toBe(200);
    seen.push(res.data);
    return done(res.data) ? res.data : undefined;
  });
  return { last, seen };
}

/** Complete at `revision`, as the Deployment and its ReplicaSets (two watches) both show it. */
const completeAt = (revision: number) => (s: RolloutsStatusOutput) =>
  s.phase === "complete" &&
  s.revision === revision &&
  s.replicas.available === s.replicas.desired &&
  s.sets.find((set) => set.role === "new")?.revision === revision &&
  s.sets.find((set) => set.role === "new")?.ready === s.replicas.desired;

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster();
  await apply(deployment("registry.invalid/api:1", [{ name: "API_TOKEN", value: TOKEN_ONE }]));
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("rollouts on the local control plane, as the person", () => {
  it("reports the first release complete, with its ReplicaSet, conditions and events", async () => {
    const { last } = await follow(completeAt(1));
    expect(last).toMatchObject({
      kind: "Deployment",
      namespace: ns,
      name: "api",
      message: 'deployment "api" successfully rolled out',
      paused: false,
      images: ["registry.invalid/api:1"],
      replicas: { desired: 2, updated: 2, ready: 2, available: 2, unavailable: 0 },
      canary: null,
    });
    expect(last.sets).toEqual([
      expect.objectContaining({
        revision: 1,
        role: "new",
        desired: 2,
        ready: 2,
        images: ["registry.invalid/api:1"],
      }),
    ]);
    expect(last.conditions.map((c) => c.type).sort()).toEqual(["Available", "Progressing"]);
    expect(last.events.map((e) => e.reason)).toContain("ScalingReplicaSet");
  }, 120_000);

  it("pauses, holds an image change while paused, and follows it to complete after resume", async () => {
    const paused = await call<RolloutsActionOutput>("pause", [BOB, ACME], {}, true);
    expect(paused.status).toBe(200);
    expect(paused.data.message).toBe("Paused the rollout of api.");
    expect(paused.data.status).toMatchObject({ paused: true, phase: "paused" });

    await apply(
      deployment("registry.invalid/api:2", [
        { name: "API_TOKEN", value: TOKEN_TWO },
        { name: "FEATURE_X", value: "on" },
      ]),
    );
    const held = await waitFor("the paused Deployment to see the change", 30_000, async () => {
      const s = (await status()).data;
      return s.images[0] === "registry.invalid/api:2" && s.message.includes("is paused") ? s : undefined;
    });
    expect(held.phase).toBe("paused");
    expect(held.message).toBe(
      'deployment "api" rollout is paused: 0 out of 2 new replicas have been updated',
    );
    expect(held.revision).toBe(1);

    const resumed = await call<RolloutsActionOutput>("resume", [BOB, ACME], {}, true);
    expect(resumed.data.message).toBe("Resumed the rollout of api.");
    const { last, seen } = await follow(completeAt(2));
    // Followed live: the rollout was seen on its way, with kubectl's words, before it completed.
    expect(
      seen.some(
        (s) =>
          s.phase === "progressing" && s.message.startsWith('Waiting for deployment "api" rollout to finish'),
      ),
    ).toBe(true);
    expect(last.images).toEqual(["registry.invalid/api:2"]);
    expect(last.sets.find((s) => s.role === "new")?.revision).toBe(2);
  }, 120_000);

  it("restarts into a new revision and scales through the scale subresource", async () => {
    const restarted = await call<RolloutsActionOutput>("restart", [BOB, ACME], {}, true);
    expect(restarted.data.message).toBe("Restarted api: its pods are replaced by the rollout.");
    await follow(completeAt(3));

    const scaled = await call<RolloutsActionOutput>("scale", [BOB, ACME], { replicas: 3 }, true);
    expect(scaled.data.message).toBe("Scaled api from 2 to 3 replicas.");
    expect(scaled.data.status.replicas.desired).toBe(3);
    const { last } = await follow((s) => completeAt(3)(s) && s.replicas.available === 3);
    expect(last.revision).toBe(3);
    const again = await call<RolloutsActionOutput>("scale", [BOB, ACME], { replicas: 3 }, true);
    expect(again.data.message).toBe("api already has 3 replicas.");
  }, 120_000);

  it("lists the history newest first, with images and which one runs", async () => {
    const res = await call<RolloutsHistoryOutput>("history", [CAROL, ACME], {});
    expect(res.status).toBe(200);
    expect(res.data.revisions.map((r) => [r.revision, r.images[0], r.current, r.rolledBack])).toEqual([
      [3, "registry.invalid/api:2", true, false],
      [2, "registry.invalid/api:2", false, false],
      [1, "registry.invalid/api:1", false, false],
    ]);
    for (const r of res.data.revisions) {
      expect(r.source).toMatch(/^ReplicaSet api-[a-z0-9]+$/);
      expect(Date.now() - Date.parse(r.createdAt ?? "")).toBeLessThan(600_000);
    }
  }, 120_000);

  it("plans an undo with the image diff and env names but no values, then undoes as the person", async () => {
    const bad = await call<RolloutsUndoPlan>("planUndo", [BOB, ACME], { revision: 9 });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toBe("Revision 9 of api does not exist; revisions: 1, 2, 3.");
    const same = await call<RolloutsUndoPlan>("planUndo", [BOB, ACME], { revision: 3 });
    expect(same.error?.message).toBe("Revision 3 is the current revision of api; pick an earlier one.");

    const plan = await call<RolloutsUndoPlan>("planUndo", [BOB, ACME], { revision: 1 });
    expect(plan.status).toBe(200);
    expect(plan.data).toMatchObject({
      currentRevision: 3,
      targetRevision: 1,
      summary: "Undo api from revision 3 to revision 1?",
    });
    expect(plan.data.templateChanges).toEqual(
      expect.arrayContaining([
        { area: "image", container: "api", from: "registry.invalid/api:2", to: "registry.invalid/api:1" },
        { area: "env", container: "api", from: "API_TOKEN", to: "API_TOKEN (value hidden, changed)" },
        { area: "env", container: "api", from: "FEATURE_X", to: "(none)" },
      ]),
    );
    expect(plan.data.changes).toContain("image of api: registry.invalid/api:2 → registry.invalid/api:1");
    expect(plan.data.diff).toContain("\n-        image: registry.invalid/api:2\n");
    expect(plan.data.diff).toContain("\n+        image: registry.invalid/api:1\n");
    // The restart annotation goes away with the template it was part of.
    expect(plan.data.diff).toContain("\n-      kubectl.kubernetes.io/restartedAt: ");
    expect(JSON.stringify(plan.data)).not.toMatch(/s3cr3t|"on"/);

    // A viewer may read the rollout but not change it, nor plan a change.
    for (const procedure of ["pause", "resume", "restart", "scale", "undo"]) {
      const refused = await call(
        procedure,
        [CAROL, ACME],
        { replicas: 1, revision: 1, confirmToken: plan.data.confirmToken },
        true,
      );
      expect(refused.status, procedure).toBe(403);
      expect(refused.error?.message).toMatch(/^This needs the operator role in .+; you are viewer\.$/);
    }
    expect((await call("planUndo", [CAROL, ACME], { revision: 1 })).status).toBe(403);
    // Another person cannot use Bob's token.
    const stolen = await call(
      "undo",
      [ALICE, ACME],
      { revision: 1, confirmToken: plan.data.confirmToken },
      true,
    );
    expect(stolen.error?.message).toBe("That confirmation is not valid for this action; start again.");

    const undone = await call<RolloutsActionOutput>(
      "undo",
      [BOB, ACME],
      { revision: 1, confirmToken: plan.data.confirmToken },
      true,
    );
    expect(undone.status).toBe(200);
    expect(undone.data.message).toBe("Rolled api back to revision 1 (registry.invalid/api:1).");
    const { last } = await follow(completeAt(4));
    expect(last.images).toEqual(["registry.invalid/api:1"]);
    const live = JSON.parse(
      await h.cluster.kubectl(["get", "deployment", "api", "-n", ns, "-o", "json"]),
    ) as {
      spec: {
        template: { spec: { containers: { image: string; env: { name: string; value: string }[] }[] } };
      };
      metadata: { annotations: Record<string, string> };
    };
    expect(live.spec.template.spec.containers[0]?.image).toBe("registry.invalid/api:1");
    expect(live.spec.template.spec.containers[0]?.env).toEqual([{ name: "API_TOKEN", value: TOKEN_ONE }]);
    expect(live.metadata.annotations["kubernetes.io/change-cause"]).toBe("undo to revision 1 by bob");

    const history = await call<RolloutsHistoryOutput>("history", [CAROL, ACME], {});
    // The controller reused revision 1's ReplicaSet as revision 4: marked as rolled back, with ClusterCord's cause.
    expect(
      history.data.revisions.map((r) => [r.revision, r.images[0], r.current, r.rolledBack, r.changeCause]),
    ).toEqual([
      [4, "registry.invalid/api:1", true, true, "undo to revision 1 by bob"],
      [3, "registry.invalid/api:2", false, false, null],
      [2, "registry.invalid/api:2", false, false, null],
    ]);

    const audit = await h.call<AuditListOutput>("audit.list", [ALICE, ACME], { input: { limit: 50 } });
    const targets = audit.data.items
      .filter((e) => e.action.startsWith("rollouts."))
      .map((e) => `${e.action} ${e.target} ${e.result}`);
    expect(targets).toContain(`rollouts.undo cluster/${shared}/namespace/${ns}/deployment/api/revision/1 ok`);
    expect(targets).toContain(`rollouts.pause cluster/${shared}/namespace/${ns}/deployment/api ok`);
  }, 120_000);

  it("voids an undo plan when the Deployment changed since, and refuses what a kind cannot do", async () => {
    const plan = await call<RolloutsUndoPlan>("planUndo", [BOB, ACME], {});
    expect(plan.data).toMatchObject({ currentRevision: 4, targetRevision: 3 });
    await call("scale", [BOB, ACME], { replicas: 2 }, true);
    const late = await call("undo", [BOB, ACME], { confirmToken: plan.data.confirmToken }, true);
    expect(late.status).toBe(403);
    expect(late.error?.message).toBe("That confirmation is not valid for this action; start again.");

    await apply(statefulSet);
    const pause = await call("pause", [BOB, ACME], { kind: "StatefulSet", name: "db" }, true);
    expect(pause.status).toBe(400);
    expect(pause.error?.message).toBe("Only Deployments can be paused; db is a StatefulSet.");
    const scale = await call("scale", [BOB, ACME], { kind: "DaemonSet", name: "agent", replicas: 2 }, true);
    expect(scale.error?.message).toBe(
      "A DaemonSet runs one pod on each matching node; agent cannot be scaled.",
    );
    const missing = await call("status", [CAROL, ACME], { name: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.error?.message).toBe(`No Deployment nope in namespace ${ns}.`);
  }, 120_000);

  it("follows a StatefulSet through its ControllerRevisions", async () => {
    const s = await waitFor("db ready", 60_000, async () => {
      const res = await status({ kind: "StatefulSet", name: "db" });
      // The StatefulSet and its pods come from two watches: wait until both have seen the pods ready.
      const done =
        res.data?.phase === "complete" && res.data.replicas.ready === 2 && res.data.sets[0]?.ready === 2;
      return done ? res.data : undefined;
    });
    expect(s).toMatchObject({
      kind: "StatefulSet",
      name: "db",
      message: "partitioned roll out complete: 2 new pods have been updated...",
      revision: 1,
      images: ["registry.invalid/postgres:17"],
      paused: false,
    });
    expect(s.sets).toEqual([
      expect.objectContaining({
        revision: 1,
        role: "new",
        desired: 2,
        ready: 2,
        images: ["registry.invalid/postgres:17"],
      }),
    ]);
    const history = await call<RolloutsHistoryOutput>("history", [CAROL, ACME], {
      kind: "StatefulSet",
      name: "db",
    });
    expect(history.data.revisions.map((r) => [r.revision, r.current, r.source.split(" ")[0]])).toEqual([
      [1, true, "ControllerRevision"],
    ]);
  }, 120_000);

  it("follows a DaemonSet by its scheduled pods", async () => {
    await apply(
      JSON.stringify({
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "agent", namespace: ns },
        spec: {
          selector: { matchLabels: { app: "agent" } },
          template: {
            metadata: { labels: { app: "agent" } },
            spec: {
              containers: [
                {
                  name: "agent",
                  image: "registry.invalid/agent:1",
                  resources: {
                    requests: { cpu: "10m", memory: "16Mi" },
                    limits: { cpu: "50m", memory: "32Mi" },
                  },
                },
              ],
            },
          },
        },
      }),
    );
    const s = await waitFor("agent rolled out", 60_000, async () => {
      const res = await status({ kind: "DaemonSet", name: "agent" });
      const d = res.data;
      return d?.phase === "complete" && d.replicas.desired > 0 && d.sets[0]?.ready === d.replicas.desired
        ? d
        : undefined;
    });
    expect(s.message).toBe('daemon set "agent" successfully rolled out');
    expect(s.replicas.available).toBe(s.replicas.desired);
    expect(s.sets).toEqual([
      expect.objectContaining({
        revision: 1,
        role: "new",
        desired: s.replicas.desired,
        images: ["registry.invalid/agent:1"],
      }),
    ]);
  }, 120_000);
});
