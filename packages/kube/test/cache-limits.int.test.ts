/**
 * The caches against stand-in API servers on 127.0.0.1 that answer what a
 * broken or hostile cluster could: endless continue tokens, a 2 GB list,
 * huge watch events, too many objects, refused credentials. Each must end
 * in a clear state within a bounded time, with memory bounded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CacheState,
  RESOURCE_TYPES,
  ResourceCache,
  type ResourceCacheOptions,
  ResourceCaches,
} from "../src/cache/index";

const MiB = 1024 * 1024;

interface StandIn {
  kubeConfig: KubeConfig;
  /** Every request, as `LIST /api/v1/pods?...` or `WATCH ...`. */
  requests: string[];
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

const open: StandIn[] = [];
const registries: ResourceCaches[] = [];
const caches: ResourceCache[] = [];

afterEach(async () => {
  for (const c of caches.splice(0)) c.stop();
  for (const r of registries.splice(0)) r.stopAll();
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** An API server on 127.0.0.1 whose every answer is `route`'s. */
async function standIn(route: Route): Promise<StandIn> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(
      `${url.searchParams.get("watch") === "true" ? "WATCH" : "LIST"} ${url.pathname}${url.search}`,
    );
    route(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "stand-in", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: "clustercord", token: "stand-in-token" }],
    contexts: [{ name: "stand-in", cluster: "stand-in", user: "clustercord" }],
    currentContext: "stand-in",
  });
  const s: StandIn = {
    kubeConfig,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(s);
  return s;
}

const configMap = (name: string, rv = "1", payload = "") => ({
  metadata: { name, namespace: "big", uid: `uid-${name}`, resourceVersion: rv },
  data: { payload },
});

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const status = (code: number, reason: string, message: string) => ({
  kind: "Status",
  apiVersion: "v1",
  status: "Failure",
  code,
  reason,
  message,
});

/** A LIST answer of `items` (all at once), then a WATCH that stays open, sending what `watch` writes. */
function listThenWatch(items: unknown[], watch: (res: ServerResponse) => void = () => undefined): Route {
  return (_req, res, url) => {
    if (url.searchParams.get("watch") === "true") {
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      watch(res);
      return;
    }
    json(res, 200, { kind: "ConfigMapList", apiVersion: "v1", metadata: { resourceVersion: "10" }, items });
  };
}

function cache(s: StandIn, options: Partial<ResourceCacheOptions> = {}): ResourceCache {
  const c = new ResourceCache({
    kubeConfig: s.kubeConfig,
    resource: RESOURCE_TYPES.configmaps,
    backoff: { initialMs: 20, maxMs: 50 },
    ...options,
  }).start();
  caches.push(c);
  return c;
}

async function waitFor(what: string, timeoutMs: number, check: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Samples this process's memory while `run` runs; returns the peak growth over the start (MiB). */
async function peakGrowth(run: () => Promise<void>) {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  const peak = { heapUsed: start.heapUsed, rss: start.rss };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
    peak.rss = Math.max(peak.rss, now.rss);
  }, 5);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  return { heapMiB: (peak.heapUsed - start.heapUsed) / MiB, rssMiB: (peak.rss - start.rss) / MiB };
}

/** A metric's value from the registry's text exposition, e.g. `clustercord_caches{cluster="a"}`. */
async function metric(registry: ResourceCaches, series: string): Promise<number | undefined> {
  const text = await registry.metrics.metrics();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The stated bound: what these hostile answers may add to the process at the default limits. */
const HEAP_BOUND_MIB = 150;
const RSS_BOUND_MIB = 300;

describe("a hostile API server cannot exhaust the process (default limits)", () => {
  it("ends endless continue tokens as too-large (pages), in bounded time and memory", async () => {
    let pages = 0;
    const s = await standIn((_req, res, url) => {
      if (url.searchParams.get("watch") === "true") return json(res, 500, status(500, "x", "no watch"));
      pages++;
      json(res, 200, {
        kind: "ConfigMapList",
        apiVersion: "v1",
        metadata: { resourceVersion: "1", continue: `page-${pages}` },
        items: [configMap(`cm-${pages}`)],
      });
    });
    const registry = new ResourceCaches();
    registries.push(registry);
    const started = Date.now();
    let state: CacheState | undefined;
    const growth = await peakGrowth(async () => {
      const c = registry.use("endless", { kubeConfig: s.kubeConfig, resource: RESOURCE_TYPES.configmaps });
      await waitFor("too-large", 30_000, () => c.state.status === "too-large");
      state = c.state;
      expect(c.size).toBe(0);
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(state?.exceeded).toEqual({ name: "pages", max: 1000 });
    expect(pages).toBe(1000);
    // The continue tokens were followed, page after page, and then no more requests.
    expect(s.requests.at(-1)).toContain("continue=page-999");
    expect(s.requests.filter((r) => r.startsWith("WATCH"))).toEqual([]);
    expect(growth.heapMiB).toBeLessThan(HEAP_BOUND_MIB);
    expect(await metric(registry, 'clustercord_cache_too_large_total{cluster="endless",limit="pages"}')).toBe(
      1,
    );
  }, 60_000);

  it("stops reading a 2 GB list (generated lazily) at the byte limit: too-large, bounded memory", async () => {
    const TOTAL = 2 * 1024 * MiB;
    let written = 0;
    let closed = false;
    const s = await standIn((_req, res, url) => {
      if (url.searchParams.get("watch") === "true") return json(res, 500, status(500, "x", "no watch"));
      res.writeHead(200, { "content-type": "application/json" });
      res.on("close", () => {
        closed = true;
      });
      const head = '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[';
      res.write(head);
      written += head.length;
      const payload = "x".repeat(900);
      let n = 0;
      const pump = () => {
        while (written < TOTAL && !res.destroyed) {
          // 64 distinct objects at a time, made only when the client takes them.
          let chunk = "";
          for (let i = 0; i < 64; i++) chunk += `${JSON.stringify(configMap(`pod-${n++}`, "1", payload))},`;
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once("drain", pump);
            return;
          }
        }
        if (!res.destroyed) res.end('{"metadata":{"name":"last"}}]}');
      };
      pump();
    });
    const registry = new ResourceCaches();
    registries.push(registry);
    const started = Date.now();
    let state: CacheState | undefined;
    const growth = await peakGrowth(async () => {
      const c = registry.use("huge", { kubeConfig: s.kubeConfig, resource: RESOURCE_TYPES.pods });
      await waitFor("too-large", 30_000, () => c.state.status === "too-large");
      state = c.state;
      expect(c.size).toBe(0);
      await waitFor("the connection dropped", 5_000, () => closed);
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(state?.exceeded).toEqual({ name: "response-bytes", max: 32 * MiB });
    // The client read about 32 MiB and hung up: the server never got far into its 2 GB.
    expect(written).toBeGreaterThan(32 * MiB);
    expect(written).toBeLessThan(128 * MiB);
    expect(s.requests).toHaveLength(1);
    expect(growth.heapMiB).toBeLessThan(HEAP_BOUND_MIB);
    expect(growth.rssMiB).toBeLessThan(RSS_BOUND_MIB);
    expect(registry.holding).toEqual({ objects: 0, bytes: 0 });
    expect(
      await metric(registry, 'clustercord_cache_too_large_total{cluster="huge",limit="response-bytes"}'),
    ).toBe(1);
  }, 60_000);
});

describe("limits on what a cache holds", () => {
  it("refuses a list with more objects than maxObjects, dropping what it held and telling subscribers", async () => {
    const s = await standIn(listThenWatch(Array.from({ length: 30 }, (_, i) => configMap(`cm-${i}`))));
    const c = cache(s, { limits: { maxObjects: 25 } });
    await waitFor("too-large", 5_000, () => c.state.status === "too-large");
    expect(c.state.exceeded).toEqual({ name: "objects", max: 25 });
    expect(c.state.lastError?.message).toMatch(/over the objects limit/);
    await expect(c.whenReady(1_000)).rejects.toThrow(/too-large/);
    expect(s.requests).toHaveLength(1); // never retried, never watched
  });

  it("goes too-large when watch events grow it past maxObjects, and subscribers see everything go", async () => {
    const s = await standIn(
      listThenWatch(
        Array.from({ length: 5 }, (_, i) => configMap(`cm-${i}`)),
        (res) => {
          for (let i = 5; i < 9; i++)
            res.write(`${JSON.stringify({ type: "ADDED", object: configMap(`cm-${i}`, String(20 + i)) })}\n`);
        },
      ),
    );
    const c = cache(s, { limits: { maxObjects: 8 }, batchMs: 10 });
    const deleted: string[] = [];
    const states: string[] = [];
    c.subscribe((u) => {
      states.push(u.state.status);
      for (const ch of u.changes) if (ch.type === "deleted") deleted.push(ch.key);
    });
    await waitFor("too-large", 5_000, () => c.state.status === "too-large");
    expect(c.state.exceeded).toEqual({ name: "objects", max: 8 });
    expect(c.size).toBe(0);
    expect(deleted.sort()).toEqual(Array.from({ length: 5 }, (_, i) => `big/cm-${i}`).sort());
    expect(states.at(-1)).toBe("too-large");
  });

  it("ends a watch whose event line is longer than maxResponseBytes (never holding the line)", async () => {
    const s = await standIn(
      listThenWatch([configMap("small")], (res) => {
        res.write(`${JSON.stringify({ type: "ADDED", object: configMap("ok", "11") })}\n`);
        // 4 KiB of an event that never ends (no newline).
        res.write(`{"type":"MODIFIED","object":${JSON.stringify(configMap("huge", "12", "y".repeat(4096)))}`);
      }),
    );
    const c = cache(s, { limits: { maxResponseBytes: 1024 }, batchMs: 10 });
    await waitFor("too-large", 5_000, () => c.state.status === "too-large");
    expect(c.state.exceeded).toEqual({ name: "response-bytes", max: 1024 });
    expect(c.state.lastError?.message).toMatch(/watch .*longer than 1024 bytes/);
    expect(c.size).toBe(0);
  });

  it("counts every cache against one process budget: the one that would pass it is refused", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => configMap(`cm-${i}`, "1", "z".repeat(100)));
    const a = await standIn(listThenWatch(ten));
    const b = await standIn(listThenWatch(ten));
    const registry = new ResourceCaches({ limits: { maxProcessObjects: 15 } });
    registries.push(registry);
    const first = registry.use("a", { kubeConfig: a.kubeConfig, resource: RESOURCE_TYPES.configmaps });
    await first.whenReady(5_000);
    expect(registry.holding.objects).toBe(10);
    expect(registry.holding.bytes).toBeGreaterThan(10 * 100);
    const second = registry.use("b", { kubeConfig: b.kubeConfig, resource: RESOURCE_TYPES.configmaps });
    await waitFor("too-large", 5_000, () => second.state.status === "too-large");
    expect(second.state.exceeded).toEqual({ name: "process-objects", max: 15 });
    expect(first.state.status).toBe("ready");
    expect(first.size).toBe(10);
    expect(registry.holding.objects).toBe(10);
    expect(await metric(registry, 'clustercord_cache_objects{cluster="a"}')).toBe(10);
    expect(await metric(registry, 'clustercord_cache_objects{cluster="b"}')).toBe(0);
    expect(await metric(registry, 'clustercord_caches{cluster="b"}')).toBe(1);
    expect(
      await metric(registry, 'clustercord_cache_too_large_total{cluster="b",limit="process-objects"}'),
    ).toBe(1);
  });

  it("runs at most maxCachesPerCluster caches per cluster, giving up an unused one for a new one", async () => {
    const s = await standIn(listThenWatch([configMap("one")]));
    const registry = new ResourceCaches({ limits: { maxCachesPerCluster: 2 } });
    registries.push(registry);
    const options = (namespace: string) => ({
      kubeConfig: s.kubeConfig,
      resource: RESOURCE_TYPES.configmaps,
      namespace,
    });
    const a = registry.acquire("c1", options("a"));
    const b = registry.acquire("c1", options("b"));
    const elsewhere = registry.use("c2", options("a"));
    expect(elsewhere.state.status).not.toBe("too-large"); // another cluster has its own count
    const third = registry.use("c1", options("c"));
    expect(third.state.status).toBe("too-large");
    expect(third.state.exceeded).toEqual({ name: "caches-per-cluster", max: 2 });
    expect(registry.size).toBe(3);
    b.release();
    const again = registry.use("c1", options("c"));
    expect(again.state.status).toBe("syncing");
    expect(b.cache.isFinal).toBe(false);
    expect(registry.size).toBe(3); // b's cache was given up for it
    expect(registry.use("c1", options("a"))).toBe(a.cache);
    await again.whenReady(5_000);
    expect(await metric(registry, 'clustercord_caches{cluster="c1"}')).toBe(2);
    expect(
      await metric(registry, 'clustercord_cache_too_large_total{cluster="c1",limit="caches-per-cluster"}'),
    ).toBe(1);
  });
});

describe("refused credentials are never retried", () => {
  it("a 403 on LIST makes the cache forbidden after one request, and holds nothing", async () => {
    const s = await standIn((_req, res) =>
      json(res, 403, status(403, "Forbidden", 'configmaps is forbidden: User "clustercord" cannot list')),
    );
    const c = cache(s);
    await waitFor("forbidden", 5_000, () => c.state.status === "forbidden");
    expect(c.state.lastError).toMatchObject({ code: 403, message: expect.stringMatching(/cannot list/) });
    await new Promise((r) => setTimeout(r, 500)); // ten backoffs' worth: no retry comes
    expect(s.requests).toHaveLength(1);
    await expect(c.whenReady()).rejects.toThrow(/forbidden/);
  });

  it("a 401 on WATCH after a good LIST drops the items and ends there", async () => {
    const s = await standIn((_req, res, url) => {
      if (url.searchParams.get("watch") === "true")
        return json(res, 401, status(401, "Unauthorized", "Unauthorized"));
      json(res, 200, { kind: "ConfigMapList", metadata: { resourceVersion: "5" }, items: [configMap("a")] });
    });
    const c = cache(s);
    await waitFor("forbidden", 5_000, () => c.state.status === "forbidden");
    expect(c.state.lastError?.code).toBe(401);
    expect(c.size).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(s.requests.map((r) => r.split(" ")[0])).toEqual(["LIST", "WATCH"]);
  });

  it("a 403 in a watch ERROR event is a refusal too", async () => {
    const s = await standIn(
      listThenWatch([configMap("a")], (res) =>
        res.write(
          `${JSON.stringify({ type: "ERROR", object: status(403, "Forbidden", "no watch for you") })}\n`,
        ),
      ),
    );
    const c = cache(s);
    await waitFor("forbidden", 5_000, () => c.state.status === "forbidden");
    expect(c.state.lastError?.message).toMatch(/no watch for you/);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.requests).toHaveLength(2);
  });

  it("the registry asks again only on a later use, after retryFinalAfterMs", async () => {
    let allowed = false;
    const s = await standIn((_req, res, url) => {
      if (!allowed) return json(res, 403, status(403, "Forbidden", "not yet"));
      listThenWatch([configMap("a")])(_req, res, url);
    });
    const registry = new ResourceCaches({ retryFinalAfterMs: 300 });
    registries.push(registry);
    const options = { kubeConfig: s.kubeConfig, resource: RESOURCE_TYPES.configmaps };
    const refused = registry.use("c1", options);
    await waitFor("forbidden", 5_000, () => refused.state.status === "forbidden");
    expect(registry.use("c1", options)).toBe(refused); // within retryFinalAfterMs: the same answer
    allowed = true;
    await new Promise((r) => setTimeout(r, 350));
    expect(s.requests).toHaveLength(1);
    const fresh = registry.use("c1", options);
    expect(fresh).not.toBe(refused);
    await fresh.whenReady(5_000);
    expect(fresh.size).toBe(1);
  });
});

describe("watch restarts are counted", () => {
  it("counts each WATCH after the first in clustercord_cache_watch_restarts_total", async () => {
    const s = await standIn(
      listThenWatch([configMap("a")], (res) => {
        res.end(`${JSON.stringify({ type: "BOOKMARK", object: { metadata: { resourceVersion: "11" } } })}\n`);
      }),
    );
    const registry = new ResourceCaches();
    registries.push(registry);
    registry.use("c1", {
      kubeConfig: s.kubeConfig,
      resource: RESOURCE_TYPES.configmaps,
      backoff: { initialMs: 20, maxMs: 40 },
    });
    const watches = () => s.requests.filter((r) => r.startsWith("WATCH")).length;
    await waitFor("three watches", 5_000, () => watches() >= 3);
    const restarts = (await metric(registry, 'clustercord_cache_watch_restarts_total{cluster="c1"}')) ?? 0;
    expect(restarts).toBeGreaterThanOrEqual(2);
    // Counted as each is asked for: at most one more than the server has seen yet, never the first.
    expect(restarts).toBeLessThanOrEqual(watches());
    expect(s.requests.find((r) => r.startsWith("WATCH"))).toContain("resourceVersion=10");
  });
});
