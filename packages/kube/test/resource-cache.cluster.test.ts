import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localClusterPolicy } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { CoreV1Api, type KubeConfig, type V1ConfigMap, type V1Pod } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type CacheUpdate,
  RESOURCE_TYPES,
  ResourceCache,
  type ResourceCacheOptions,
  ResourceCaches,
  type SyncStatus,
} from "../src/cache/index";
import { compareResourceVersions } from "../src/cache/reduce";
import { createClusterGuard, impersonatedKubeConfig, toKubeConfig } from "../src/client/index";
import { parseKubeconfig, type SelectedContext } from "../src/kubeconfig/index";

const NAMESPACES = ["rc-a", "rc-b", "rc-c", "rc-d"];
const PER_NAMESPACE = 300; // 1,200 bulk configmaps: three LIST pages of 500 with the cluster's own

let cluster: Cluster;
let dataDir: string;
let selected: SelectedContext;
let admin: KubeConfig;
let core: CoreV1Api;
const caches: ResourceCache[] = [];
const guard = createClusterGuard(localClusterPolicy);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "cc-cache-"));
  cluster = await startCluster({ dataDir });
  // ClusterCord's own credentials for the cluster, as the cache gets them in production.
  selected = parseKubeconfig(
    await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]),
  ).select();
  admin = toKubeConfig(selected, guard);
  core = admin.makeApiClient(CoreV1Api);
  for (const ns of [...NAMESPACES, "rc-e"]) await core.createNamespace({ body: { metadata: { name: ns } } });
  const bodies = NAMESPACES.flatMap((namespace) =>
    Array.from({ length: PER_NAMESPACE }, (_, i) => ({ namespace, body: bulkConfigMap(i) })),
  );
  await inParallel(bodies, 32, (b) => core.createNamespacedConfigMap(b));
  // kube-controller-manager adds kube-root-ca.crt to each new namespace: wait, so the counts hold still.
  await waitUntil("kube-root-ca.crt in every test namespace", 30_000, async () => {
    const out = await cluster.kubectl([
      "get",
      "configmaps",
      "-A",
      "--field-selector=metadata.name=kube-root-ca.crt",
      "-o",
      "name",
    ]);
    return out.trim().split("\n").length >= 4 + NAMESPACES.length + 1;
  });
}, 600_000);

afterEach(() => {
  for (const c of caches.splice(0)) c.stop();
});

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function bulkConfigMap(i: number): V1ConfigMap {
  return {
    metadata: { name: `bulk-${String(i).padStart(4, "0")}`, labels: { bulk: "true", index: String(i) } },
    data: { INDEX: String(i), PAYLOAD: "x".repeat(64) },
  };
}

async function inParallel<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}

function cacheFor(options: Partial<ResourceCacheOptions> = {}): ResourceCache<V1ConfigMap> {
  const cache = new ResourceCache<V1ConfigMap>({
    kubeConfig: admin,
    resource: RESOURCE_TYPES.configmaps,
    backoff: { initialMs: 200, maxMs: 1_000 },
    ...options,
  });
  caches.push(cache as unknown as ResourceCache);
  return cache.start();
}

async function waitUntil(what: string, timeoutMs: number, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** `namespace/name` -> resourceVersion of every configmap, as `kubectl get -A` sees them now. */
async function serverConfigMaps(namespace?: string): Promise<Map<string, string>> {
  const args = namespace ? ["-n", namespace] : ["-A"];
  const list = JSON.parse(await cluster.kubectl(["get", "configmaps", ...args, "-o", "json"])) as {
    items: V1ConfigMap[];
  };
  return new Map(
    list.items.map((o) => [
      `${o.metadata?.namespace}/${o.metadata?.name}`,
      o.metadata?.resourceVersion ?? "",
    ]),
  );
}

function diff(server: Map<string, string>, cache: ResourceCache<V1ConfigMap>) {
  const held = new Map(cache.list().map((o) => [`${o.metadata?.namespace}/${o.metadata?.name}`, o]));
  return {
    missing: [...server.keys()].filter((k) => !held.has(k)),
    extra: [...held.keys()].filter((k) => !server.has(k)),
    outdated: [...server].filter(([k, rv]) => held.has(k) && held.get(k)?.metadata?.resourceVersion !== rv),
  };
}

/** Waits until the cache holds exactly what the API server holds; fails with the difference. */
async function expectConverged(cache: ResourceCache<V1ConfigMap>, namespace?: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  const look = async () => {
    const server = await serverConfigMaps(namespace);
    return { server, diff: diff(server, cache) };
  };
  let last = await look();
  while (Date.now() < deadline) {
    if (!last.diff.missing.length && !last.diff.extra.length && !last.diff.outdated.length) break;
    await new Promise((r) => setTimeout(r, 200));
    last = await look();
  }
  expect(last.diff).toEqual({ missing: [], extra: [], outdated: [] });
  return last.server;
}

/** Records the sequence of states a cache goes through (collapsed: no repeats). */
function recordStates(cache: ResourceCache<V1ConfigMap>): SyncStatus[] {
  const seen: SyncStatus[] = [cache.state.status];
  cache.subscribe((u) => {
    if (seen.at(-1) !== u.state.status) seen.push(u.state.status);
  });
  return seen;
}

/**
 * Some changes across namespaces: deletes 10 bulk configmaps in rc-b and updates 10 in rc-c
 * (from `first` on, so each caller touches its own), creates 10 in rc-e; returns the created names.
 */
async function churn(tag: string, first: number): Promise<string[]> {
  const names = Array.from({ length: 10 }, (_, i) => `bulk-${String(first + i).padStart(4, "0")}`);
  const created = Array.from({ length: 10 }, (_, i) => `${tag}-${i}`);
  await Promise.all([
    ...names.map((name) => core.deleteNamespacedConfigMap({ namespace: "rc-b", name })),
    ...names.map((name) =>
      core.patchNamespacedConfigMap({
        namespace: "rc-c",
        name,
        body: [{ op: "replace", path: "/data/INDEX", value: `${tag}-${name}` }],
      }),
    ),
    ...created.map((name) =>
      core.createNamespacedConfigMap({ namespace: "rc-e", body: { metadata: { name }, data: { TAG: tag } } }),
    ),
  ]);
  return created;
}

describe("ResourceCache against a real API server", () => {
  it("lists configmaps across namespaces in pages of 500 and matches kubectl get -A exactly", async () => {
    const cache = cacheFor({ pageSize: 500 });
    await cache.whenReady(30_000);
    const server = await expectConverged(cache);
    expect(server.size).toBeGreaterThan(NAMESPACES.length * PER_NAMESPACE);
    expect(cache.stats.listRequests).toBe(Math.ceil(server.size / 500));
    expect(cache.stats.listRequests).toBeGreaterThanOrEqual(3);
    expect(cache.stats.lists).toBe(1);
    for (const ns of NAMESPACES) {
      expect(
        cache.list().filter((o) => o.metadata?.namespace === ns && o.metadata?.labels?.bulk),
      ).toHaveLength(PER_NAMESPACE);
    }
    const one = cache.get("rc-a/bulk-0007");
    expect(one).toMatchObject({ kind: "ConfigMap", apiVersion: "v1", data: { INDEX: "7" } });
    expect(cache.list().some((o) => o.metadata?.managedFields !== undefined)).toBe(false);
    expect(cache.state.status).toBe("ready");
  });

  it("reflects create, update and delete, announcing each change to subscribers", async () => {
    const cache = cacheFor({ namespace: "rc-a" });
    await cache.whenReady(15_000);
    const seen: string[] = [];
    cache.subscribe((u: CacheUpdate<V1ConfigMap>) => {
      for (const c of u.changes)
        if (c.key === "rc-a/live-config") seen.push(`${c.type}:${c.object.data?.LEVEL}`);
    });
    // Created with kubectl apply, so the server keeps a last-applied annotation the cache drops.
    await cluster.kubectl(
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "live-config", namespace: "rc-a", annotations: { team: "payments" } },
        data: { LEVEL: "info" },
      }),
    );
    await waitUntil("the new configmap", 10_000, () => cache.get("rc-a/live-config") !== undefined);
    const created = cache.get("rc-a/live-config");
    expect(created?.metadata?.annotations).toEqual({ team: "payments" });
    const onServer = JSON.parse(
      await cluster.kubectl(["get", "configmap", "live-config", "-n", "rc-a", "-o", "json"]),
    ) as V1ConfigMap;
    expect(Object.keys(onServer.metadata?.annotations ?? {})).toContain(
      "kubectl.kubernetes.io/last-applied-configuration",
    );

    await core.patchNamespacedConfigMap({
      namespace: "rc-a",
      name: "live-config",
      body: [{ op: "replace", path: "/data/LEVEL", value: "debug" }],
    });
    await waitUntil("the update", 10_000, () => cache.get("rc-a/live-config")?.data?.LEVEL === "debug");
    await core.deleteNamespacedConfigMap({ namespace: "rc-a", name: "live-config" });
    await waitUntil("the delete", 10_000, () => cache.get("rc-a/live-config") === undefined);
    expect(seen).toEqual(["added:info", "modified:debug", "deleted:debug"]);
    await expectConverged(cache, "rc-a");
    expect(cache.stats.lists).toBe(1);
  });

  it("follows a pod from Pending to Running (kwok's node) and away", async () => {
    const pods = new ResourceCache<V1Pod>({ kubeConfig: admin, resource: RESOURCE_TYPES.pods }).start();
    caches.push(pods as unknown as ResourceCache);
    await pods.whenReady(15_000);
    expect(pods.list().some((p) => p.metadata?.namespace === "kube-system")).toBe(true);
    await core.createNamespacedPod({
      namespace: "rc-a",
      body: { metadata: { name: "web" }, spec: { containers: [{ name: "main", image: "nginx:1.27" }] } },
    });
    await waitUntil("the pod Running", 20_000, () => pods.get("rc-a/web")?.status?.phase === "Running");
    expect(pods.get("rc-a/web")?.spec?.nodeName).toMatch(/^kwok-node-/);
    await core.deleteNamespacedPod({ namespace: "rc-a", name: "web", gracePeriodSeconds: 0 });
    await waitUntil("the pod gone", 20_000, () => pods.get("rc-a/web") === undefined);
  });

  it("relists after 410 Gone when its resourceVersion expired, and converges with nothing missing", async () => {
    const cache = cacheFor();
    await cache.whenReady(30_000);
    // A write the cache does not watch moves etcd past the cache's resourceVersion; the restarted
    // API server builds its watch cache from etcd's current revision, so resuming the watch from the
    // cache's resourceVersion is answered with 410 "too old resource version".
    const bump = await core.createNamespacedSecret({
      namespace: "rc-a",
      body: { metadata: { name: "rv-bump" }, stringData: { a: "b" } },
    });
    expect(compareResourceVersions(cache.resourceVersion, bump.metadata?.resourceVersion)).toBe(-1);
    const before = cache.stats;
    const sizeBefore = cache.size;

    await cluster.stopControlPlane();
    await waitUntil("stale", 10_000, () => cache.state.status === "stale");
    expect(cache.size).toBe(sizeBefore); // the last known items stay readable
    await cluster.startControlPlane();
    const created = await churn("after-410", 0);

    await waitUntil("ready", 30_000, () => cache.state.status === "ready");
    await expectConverged(cache);
    expect(cache.stats.expired).toBeGreaterThan(before.expired);
    expect(cache.stats.lists).toBeGreaterThan(before.lists);
    expect(cache.stats.listRequests).toBeGreaterThanOrEqual(before.listRequests + 3);
    for (const name of created) expect(cache.get(`rc-e/${name}`)?.data).toEqual({ TAG: "after-410" });
    expect(cache.get("rc-c/bulk-0003")?.data?.INDEX).toBe("after-410-bulk-0003");
    expect(cache.get("rc-b/bulk-0003")).toBeUndefined();
  }, 60_000);

  it("goes stale while the API server is down and ready once it is back, converging on changes", async () => {
    const cache = cacheFor();
    await cache.whenReady(30_000);
    const states = recordStates(cache);
    expect(cache.state.lastError).toBeUndefined();

    await cluster.stopControlPlane();
    await waitUntil("stale", 10_000, () => cache.state.status === "stale");
    expect(cache.state.lastError?.message).toBeTruthy();
    const staleSince = cache.state.since;
    // It keeps trying (and failing) meanwhile, staying stale since the same moment.
    const attempts = cache.stats.watchRequests + cache.stats.listRequests;
    await waitUntil(
      "two more attempts",
      10_000,
      () => cache.stats.watchRequests + cache.stats.listRequests >= attempts + 2,
    );
    expect(cache.state.status).toBe("stale");
    expect(cache.state.since).toEqual(staleSince);

    await cluster.startControlPlane();
    const created = await churn("after-restart", 10);
    await waitUntil("ready", 30_000, () => cache.state.status === "ready");
    await expectConverged(cache);
    expect(states).toEqual(["ready", "stale", "ready"]);
    expect(cache.state.since.getTime()).toBeGreaterThan(staleSince.getTime());
    for (const name of created) expect(cache.get(`rc-e/${name}`)).toBeDefined();
    expect(cache.get("rc-b/bulk-0013")).toBeUndefined();
    expect(cache.get("rc-c/bulk-0013")?.data?.INDEX).toBe("after-restart-bulk-0013");
  }, 60_000);

  it("replaces a watch that goes silent (API server frozen) and is ready again after", async () => {
    const silenceMs = 2_000;
    const cache = cacheFor({ namespace: "rc-d", silenceMs });
    await cache.whenReady(15_000);
    const states = recordStates(cache);
    // Bookmarks come about once a minute: keep the watch talking so that only a real silence counts.
    let heartbeat = startHeartbeat("rc-d");
    await new Promise((r) => setTimeout(r, silenceMs + 500));
    expect(states).toEqual(["ready"]); // a talking watch is never replaced

    const pid = Number((await readFile(apiServerPidFile(), "utf8")).trim());
    expect(pid).toBeGreaterThan(1);
    await heartbeat.stop();
    process.kill(pid, "SIGSTOP"); // connections stay open, nothing comes through them
    try {
      await waitUntil("stale after the silence", silenceMs + 3_000, () => cache.state.status === "stale");
      expect(cache.state.lastError?.message).toMatch(/silent for 2000 ms/);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    heartbeat = startHeartbeat("rc-d");
    try {
      await waitUntil("ready after the freeze", 20_000, () => cache.state.status === "ready");
      await expectConverged(cache, "rc-d");
    } finally {
      await heartbeat.stop();
    }
    expect(states).toEqual(["ready", "stale", "ready"]);
  }, 60_000);

  it("goes forbidden on a 403 from the real API server and never asks again", async () => {
    // Credentials the cluster knows but grants nothing: every LIST is refused by its RBAC.
    const nobody = impersonatedKubeConfig(selected, { user: "rc-nobody", group: "rc-nobody-group" }, guard);
    const cache = cacheFor({ kubeConfig: nobody, namespace: "rc-a" });
    await waitUntil("forbidden", 10_000, () => cache.state.status === "forbidden");
    expect(cache.state.lastError?.code).toBe(403);
    expect(cache.state.lastError?.message).toMatch(/forbidden/i);
    expect(cache.size).toBe(0);
    // Backoff here is 200 ms to 1 s: a retrying cache would have asked again several times.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(cache.stats).toMatchObject({ listRequests: 1, watchRequests: 0, lists: 0 });
    await expect(cache.whenReady(100)).rejects.toThrow(/forbidden/);
  });

  it("shares one cache per cluster and resource type, stopping it once idle (no lease, no subscriber, no read)", async () => {
    const idleMs = 400;
    const registry = new ResourceCaches({ idleMs });
    const options = { kubeConfig: admin, resource: RESOURCE_TYPES.configmaps, namespace: "rc-a" };
    try {
      const a = registry.acquire<V1ConfigMap>("cluster-1", options);
      const b = registry.acquire<V1ConfigMap>("cluster-1", { ...options });
      const pods = registry.acquire("cluster-1", { kubeConfig: admin, resource: RESOURCE_TYPES.pods });
      const elsewhere = registry.acquire("cluster-2", options);
      expect(b.cache).toBe(a.cache);
      expect(registry.use("cluster-1", options)).toBe(a.cache);
      expect(pods.cache).not.toBe(a.cache);
      expect(elsewhere.cache).not.toBe(a.cache);
      expect(registry.size).toBe(3);
      await a.cache.whenReady(15_000);
      expect(a.cache.size).toBeGreaterThanOrEqual(PER_NAMESPACE);

      a.release();
      a.release(); // idempotent: does not give back b's lease
      await new Promise((r) => setTimeout(r, idleMs * 2));
      expect(registry.size, "b still holds it").toBe(3);
      b.release();
      await waitUntil("the idle cache stopped", 5_000, () => registry.size === 2);
      // Stopped: it no longer follows the cluster; the next reader gets a new cache.
      await core.createNamespacedConfigMap({
        namespace: "rc-a",
        body: { metadata: { name: "after-release" } },
      });
      const again = registry.use<V1ConfigMap>("cluster-1", options);
      expect(again).not.toBe(a.cache);
      await waitUntil("the new cache", 10_000, () => again.get("rc-a/after-release") !== undefined);
      expect(a.cache.get("rc-a/after-release")).toBeUndefined();

      // A subscriber keeps a cache nobody reads; unsubscribing lets it go.
      const unsubscribe = again.subscribe(() => undefined);
      await new Promise((r) => setTimeout(r, idleMs * 2));
      expect(registry.use("cluster-1", options)).toBe(again);
      await new Promise((r) => setTimeout(r, idleMs * 2));
      expect(registry.size).toBe(3);
      unsubscribe();
      await waitUntil("the unsubscribed cache stopped", 5_000, () => registry.size === 2);

      registry.stopCluster("cluster-1");
      expect(registry.size).toBe(1);
    } finally {
      registry.stopAll();
    }
    expect(registry.size).toBe(0);
  });
});

/** Patches a configmap every 300 ms until stopped. */
function startHeartbeat(namespace: string): { stop(): Promise<void> } {
  let beating = true;
  let beat = 0;
  const done = (async () => {
    while (beating) {
      await core
        .patchNamespacedConfigMap({
          namespace,
          name: "bulk-0000",
          body: [{ op: "replace", path: "/data/INDEX", value: `beat-${beat++}` }],
        })
        .catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    stop: async () => {
      beating = false;
      await done;
    },
  };
}

function apiServerPidFile(): string {
  return join(cluster.dataDir, "kwok", "clusters", "clustercord", "pids", "kube-apiserver.pid");
}
