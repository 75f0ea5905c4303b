/**
 * A cluster with more objects than ClusterCord's limits (set low here):
 * pods.list and resources.list answer "too-large" with the words both
 * clients show, resources.get fails with them, and the metric counts it.
 */
import type { PodsListOutput, ResourcesListOutput } from "@clustercord/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BOB, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const MAX_OBJECTS = 3;

let h: ApiHarness;
let shared: string;

beforeAll(async () => {
  h = await startApiHarness({ caches: { limits: { maxObjects: MAX_OBJECTS } } });
  shared = await h.addSharedCluster();
  // More configmaps and pods in Acme's namespace alone than a cache may hold.
  for (let i = 0; i < MAX_OBJECTS + 1; i++) {
    await h.cluster.kubectl(["create", "configmap", `settings-${i}`, "-n", nsAcme, "--from-literal=a=b"]);
    await h.cluster.kubectl([
      "run",
      `web-${i}`,
      "-n",
      nsAcme,
      "--image=registry.invalid/pause:1",
      "--restart=Never",
    ]);
  }
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("a cluster larger than ClusterCord's limits", () => {
  it("pods.list answers too-large, with the message both clients show, and no pods", async () => {
    const res = await h.call<PodsListOutput>("pods.list", [BOB, ACME], {
      input: { clusterId: shared, namespace: nsAcme },
    });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ state: "too-large", pods: [], total: 0 });
    expect(res.data.problem).toEqual({
      message: expect.stringMatching(/^This cluster has more pods than ClusterCord's limit \(3\)/),
      limit: { name: "objects", max: MAX_OBJECTS },
    });
  });

  it("resources.list answers the same for configmaps; resources.get fails with those words", async () => {
    const list = await h.call<ResourcesListOutput>("resources.list", [ALICE, ACME], {
      input: { clusterId: shared, kind: "configmaps", namespace: nsAcme },
    });
    expect(list.status).toBe(200);
    expect(list.data.state).toBe("too-large");
    expect(list.data.rows).toEqual([]);
    expect(list.data.problem?.message).toMatch(
      /^This cluster has more configmaps than ClusterCord's limit \(3\)/,
    );

    const get = await h.call("resources.get", [ALICE, ACME], {
      input: { clusterId: shared, kind: "configmaps", namespace: nsAcme, name: "settings-0" },
    });
    expect(get.status).toBe(502);
    expect(get.error?.data).toMatchObject({ appCode: "UPSTREAM", userMessage: list.data.problem?.message });
  });

  it("still checks access first: no words about the cluster for someone who may not list there", async () => {
    const other = await h.call("resources.list", [BOB, ACME], {
      input: { clusterId: shared, kind: "configmaps", namespace: "kube-system" },
    });
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.error)).not.toContain("limit");
  });

  it("counts each refusal in the registry's metrics, per cluster and limit", async () => {
    const text = await h.caches.metrics.metrics();
    const series = `clustercord_cache_too_large_total{cluster="${shared}",limit="objects"}`;
    const line = text.split("\n").find((l) => l.startsWith(`${series} `));
    expect(Number(line?.slice(series.length + 1))).toBeGreaterThanOrEqual(2);
    expect(h.caches.holding.objects).toBeLessThanOrEqual(MAX_OBJECTS * h.caches.size);
  });
});
