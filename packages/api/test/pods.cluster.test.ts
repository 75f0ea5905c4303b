import type { PodsListOutput } from "@clustercord/contracts";
import { parseKubeconfig, RESOURCE_TYPES, toKubeConfig } from "@clustercord/kube";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;

let h: ApiHarness;
let shared: string;

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster([BETA]);
}, 600_000);

afterAll(async () => {
  await h?.close();
});

const listPods = (who: readonly [string, string], input: Record<string, unknown>) =>
  h.call<PodsListOutput>("pods.list", who, { input: { clusterId: shared, ...input } });

const runPod = (namespace: string, name: string) =>
  h.cluster.kubectl(["run", name, "-n", namespace, "--image=registry.invalid/pause:1", "--restart=Never"]);

async function waitFor<T>(what: string, timeoutMs: number, look: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await look();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The API's pods cache of the shared cluster (a second lease on the same cache, given back at once). */
function podsCacheStats() {
  const admin = toKubeConfig(parseKubeconfig(h.kubeconfig).select(), h.clusterGuard);
  const lease = h.caches.acquire(shared, { kubeConfig: admin, resource: RESOURCE_TYPES.pods });
  const stats = lease.cache.stats;
  lease.release();
  return stats;
}

describe("pods.list", () => {
  it("lists the pods of the guild's namespace, as kubectl created them, with status badges", async () => {
    await runPod(nsAcme, "web-1");
    await runPod(nsAcme, "web-2");
    await runPod(nsAcme, "worker-1");
    // Beta's namespace exists from Beta's first use.
    expect((await listPods([CAROL, BETA], { namespace: nsBeta })).status).toBe(200);
    await runPod(nsBeta, "beta-secret");

    // Created Pending; the cluster's fake nodes (kwok) then run them: both reach the cache by its watch.
    const res = await waitFor("Acme's three pods Running", 60_000, async () => {
      const r = await listPods([BOB, ACME], { namespace: nsAcme });
      return r.data?.total === 3 && r.data.pods.every((p) => p.status === "Running") ? r : undefined;
    });
    expect(res.data.state).toBe("ready");
    expect(res.data.resourceVersion).toMatch(/^\d+$/);
    expect(res.data.nextCursor).toBeNull();
    expect(res.data.pods.map((p) => p.name)).toEqual(["web-1", "web-2", "worker-1"]);
    for (const pod of res.data.pods) {
      expect(pod).toMatchObject({
        namespace: nsAcme,
        phase: "Running",
        status: "Running",
        tone: "ok",
        ready: "1/1",
        restarts: 0,
      });
      expect(pod.node).toMatch(/^kwok-node-\d$/);
      expect(Date.now() - Date.parse(pod.createdAt)).toBeLessThan(120_000);
    }
  });

  it("filters by search and pages with a cursor", async () => {
    const found = await listPods([CAROL, ACME], { namespace: nsAcme, search: "WEB" });
    expect(found.status).toBe(200);
    expect(found.data.pods.map((p) => p.name)).toEqual(["web-1", "web-2"]);
    expect(found.data.total).toBe(2);

    const first = await listPods([CAROL, ACME], { namespace: nsAcme, limit: 2 });
    expect(first.data.pods.map((p) => p.name)).toEqual(["web-1", "web-2"]);
    expect(first.data.nextCursor).toBe(2);
    const second = await listPods([CAROL, ACME], { namespace: nsAcme, limit: 2, cursor: 2 });
    expect(second.data.pods.map((p) => p.name)).toEqual(["worker-1"]);
    expect(second.data.nextCursor).toBeNull();
    expect(second.data.total).toBe(3);
  });

  it("refuses another guild's namespace and leaks nothing of it", async () => {
    for (const who of [
      [CAROL, BETA],
      [ALICE, BETA],
    ] as const) {
      const res = await listPods(who, { namespace: nsAcme });
      expect([403, 404]).toContain(res.status);
      const body = JSON.stringify(res.error ?? res.data);
      expect(body).not.toMatch(new RegExp(`web-1|worker-1|${ACME}|Acme`));
    }
    const acmeAskingBeta = await listPods([ALICE, ACME], { namespace: nsBeta });
    expect([403, 404]).toContain(acmeAskingBeta.status);
    expect(JSON.stringify(acmeAskingBeta.error)).not.toMatch(/beta-secret/);
    // kube-system's pods are in the shared cache, but the namespace is nobody's here.
    const system = await listPods([ALICE, ACME], { namespace: "kube-system" });
    expect([403, 404]).toContain(system.status);

    const beta = await listPods([CAROL, BETA], { namespace: nsBeta });
    expect(beta.data.pods.map((p) => p.name)).toEqual(["beta-secret"]);
  });

  it("serves every reader from one watch: repeated calls and new pods make no LIST request", async () => {
    await listPods([ALICE, ACME], { namespace: nsAcme }); // warm
    const before = podsCacheStats();
    expect(before.listRequests).toBeGreaterThan(0);
    const cachesBefore = h.caches.size;
    for (let i = 0; i < 10; i++) {
      for (const who of [
        [ALICE, ACME],
        [BOB, ACME],
        [CAROL, ACME],
      ] as const) {
        expect((await listPods(who, { namespace: nsAcme })).status).toBe(200);
      }
      expect((await listPods([CAROL, BETA], { namespace: nsBeta })).status).toBe(200);
    }
    await runPod(nsAcme, "web-3");
    await waitFor("web-3 through the watch", 15_000, async () => {
      const r = await listPods([BOB, ACME], { namespace: nsAcme, search: "web-3" });
      return r.data?.total === 1 ? r : undefined;
    });
    await h.cluster.kubectl(["delete", "pod", "web-1", "-n", nsAcme, "--wait=false"]);
    await waitFor("web-1 gone through the watch", 30_000, async () => {
      const r = await listPods([BOB, ACME], { namespace: nsAcme, search: "web-1" });
      return r.data?.total === 0 || r.data?.pods[0]?.status === "Terminating" ? r : undefined;
    });
    const after = podsCacheStats();
    expect(after.listRequests).toBe(before.listRequests);
    expect(after.watchRequests).toBe(before.watchRequests);
    expect(h.caches.size).toBe(cachesBefore);
    expect(h.caches.size).toBe(1);
  });
});

describe("pods.planDelete / pods.delete", () => {
  type Plan = { summary: string; changes: string[]; confirmToken: string; expiresAt: string };
  const plan = (who: readonly [string, string], pod: string) =>
    h.call<Plan>("pods.planDelete", who, { input: { clusterId: shared, namespace: nsAcme, pod } });
  const remove = (who: readonly [string, string], pod: string, confirmToken: string) =>
    h.call<{ deleted: string; replacedBy: string | null }>("pods.delete", who, {
      input: { clusterId: shared, namespace: nsAcme, pod, confirmToken },
      mutation: true,
    });
  /** The pod's uid, or "" once it is gone or terminating. */
  const liveUid = async (pod: string) => {
    const out = await h.cluster
      .kubectl(["get", "pod", pod, "-n", nsAcme, "-o", "json"])
      .catch((error: Error) => (/NotFound/.test(error.message) ? "" : Promise.reject(error)));
    if (!out) return "";
    const parsed = JSON.parse(out) as { metadata: { uid: string; deletionTimestamp?: string } };
    return parsed.metadata.deletionTimestamp ? "" : parsed.metadata.uid;
  };
  const shopPods = async () =>
    (await h.cluster.kubectl(["get", "pods", "-n", nsAcme, "-l", "app=shop", "-o", "name"]))
      .split("\n")
      .filter(Boolean)
      .map((line) => line.replace("pod/", ""));

  it("refuses a viewer, both steps, and deletes nothing", async () => {
    await runPod(nsAcme, "solo-1");
    const planned = await plan([CAROL, ACME], "solo-1");
    expect(planned.status).toBe(403);
    expect(planned.error?.message).toBe("This needs the operator role in Acme Ops; you are viewer.");
    expect((await remove([CAROL, ACME], "solo-1", "x.AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(403);
    expect(await liveUid("solo-1")).not.toBe("");
  });

  it("lets an operator delete a Deployment's pod as themselves: the plan says it is replaced, and it is", async () => {
    await h.cluster.kubectl([
      "create",
      "deployment",
      "shop",
      "-n",
      nsAcme,
      "--image=registry.invalid/pause:1",
    ]);
    const [pod] = await waitFor("the shop Deployment's pod", 60_000, async () => {
      const pods = await shopPods();
      return pods.length === 1 ? pods : undefined;
    });
    const name = pod ?? "";
    const uid = await liveUid(name);

    const planned = await plan([BOB, ACME], name);
    expect(planned.status).toBe(200);
    expect(planned.data.summary).toBe(`Delete pod ${name} in ${nsAcme}?`);
    expect(planned.data.changes[0]).toMatch(
      new RegExp(`^${name} is deleted; its ReplicaSet shop-[a-z0-9]+ starts a replacement\\.$`),
    );
    // Planning changed nothing.
    expect(await liveUid(name)).toBe(uid);

    const done = await remove([BOB, ACME], name, planned.data.confirmToken);
    expect(done.status).toBe(200);
    expect(done.data.deleted).toBe(name);
    expect(done.data.replacedBy).toMatch(/^ReplicaSet shop-[a-z0-9]+$/);
    await waitFor("the pod gone and a replacement started", 60_000, async () => {
      const pods = await shopPods();
      const replaced = pods.some((p) => p !== name);
      return (await liveUid(name)) === "" && replaced ? true : undefined;
    });

    const audit = await h.db.prisma.auditLog.findMany({ where: { action: "pods.delete", result: "ok" } });
    expect(audit.map((r) => [r.actorId, r.guildId, r.target])).toEqual([
      [BOB, ACME, `cluster/${shared}/namespace/${nsAcme}/pod/${name}`],
    ]);

    // The same token again: that pod is gone.
    const again = await remove([BOB, ACME], name, planned.data.confirmToken);
    expect(again.status).toBe(404);
    expect(again.error?.message).toBe(`No pod ${name} in namespace ${nsAcme}.`);
  });

  it("says a bare pod is not recreated; refuses someone else's, another pod's and a stale token", async () => {
    const planned = await plan([BOB, ACME], "solo-1");
    expect(planned.data.changes[0]).toBe("solo-1 is deleted; it has no controller, so it is not recreated.");

    // Another person (even an admin) cannot confirm Bob's plan, nor can it delete another pod.
    const foreign = await remove([ALICE, ACME], "solo-1", planned.data.confirmToken);
    expect(foreign.status).toBe(403);
    expect(foreign.error?.message).toBe("That confirmation is not valid for this action; start again.");
    expect((await remove([BOB, ACME], "web-2", planned.data.confirmToken)).status).toBe(403);

    // A pod recreated under the same name since the plan is a different pod.
    const oldUid = await liveUid("solo-1");
    await h.cluster.kubectl(["delete", "pod", "solo-1", "-n", nsAcme, "--grace-period=0", "--force"]);
    await waitFor("solo-1 gone", 30_000, async () => ((await liveUid("solo-1")) === "" ? true : undefined));
    await waitFor(
      "solo-1 recreated",
      30_000,
      async () =>
        await runPod(nsAcme, "solo-1").then(
          () => true,
          () => undefined,
        ),
    );
    const newUid = await liveUid("solo-1");
    expect(newUid).not.toBe(oldUid);
    const stale = await remove([BOB, ACME], "solo-1", planned.data.confirmToken);
    expect(stale.status).toBe(403);
    expect(await liveUid("solo-1")).toBe(newUid);

    const refused = await h.db.prisma.auditLog.count({ where: { action: "pods.delete", result: "error" } });
    expect(refused).toBeGreaterThanOrEqual(4);
  });
});
