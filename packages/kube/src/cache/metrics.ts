/**
 * Prometheus metrics of the caches (prom-client), registered on a Registry
 * the caller exposes (packages/telemetry serves it at /metrics). Gauges are
 * read from the caches when scraped; counters count as things happen.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { CacheLimitName } from "./limits";

/** What one running cache contributes to the gauges. */
export interface CacheReading {
  clusterId: string;
  objects: number;
  bytes: number;
}

export interface CacheMetrics {
  watchRestarted(clusterId: string): void;
  refused(clusterId: string, limit: CacheLimitName): void;
}

/** Registers the cache metrics on `registry` (once per registry); `read` lists the running caches. */
export function registerCacheMetrics(registry: Registry, read: () => Iterable<CacheReading>): CacheMetrics {
  const perCluster = (pick: (r: CacheReading) => number) => {
    const totals = new Map<string, number>();
    for (const r of read()) totals.set(r.clusterId, (totals.get(r.clusterId) ?? 0) + pick(r));
    return totals;
  };
  const gauge = (name: string, help: string, pick: (r: CacheReading) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["cluster"] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [cluster, value] of perCluster(pick)) this.set({ cluster }, value);
      },
    });
  gauge(
    "clustercord_cache_objects",
    "Objects held by the watch-backed caches, per cluster.",
    (r) => r.objects,
  );
  gauge(
    "clustercord_cache_bytes",
    "JSON bytes of the objects held by the watch-backed caches, per cluster.",
    (r) => r.bytes,
  );
  gauge("clustercord_caches", "Watch-backed caches running, per cluster.", () => 1);
  const restarts = new Counter({
    name: "clustercord_cache_watch_restarts_total",
    help: "WATCH requests after a cache's first one (server timeouts, failures, 410 Gone), per cluster.",
    labelNames: ["cluster"] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: "clustercord_cache_too_large_total",
    help: "Lists refused as too large, per cluster and limit passed.",
    labelNames: ["cluster", "limit"] as const,
    registers: [registry],
  });
  return {
    watchRestarted: (cluster) => restarts.inc({ cluster }),
    refused: (cluster, limit) => refusals.inc({ cluster, limit }),
  };
}
