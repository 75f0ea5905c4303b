/**
 * The alerts engine as jobs (the pattern of cost-jobs.ts and policy-job.ts), in the process that holds
 * the watch caches and cluster keys (the web process):
 * - `alerts.evaluate` { clusterId, tick }: one pass of the step/save/deliver path over the caches;
 * - `alerts.tick` every minute: subscribes to the caches of clusters with rules (and lets go of the
 *   rest), and enqueues an evaluation with usage for each, keyed by cluster and minute;
 * - a change in a subscribed cache is debounced (~300 ms) into an evaluation of that cluster.
 * Nothing polls the API per rule: the caches are shared with every reader.
 */
import { listClustersWithAlertRules } from "@clustercord/db";
import { type CatalogEntry, defineJob, type JobRunner } from "@clustercord/jobs";
import { defaultLogger } from "@clustercord/telemetry";
import { z } from "zod";
import type { ApiDeps } from "../context";
import { evaluateAlerts, loadAlertsConfig } from "./alerts-engine";
import { ALERT_CACHES, cachedObjects, liveInputs } from "./alerts-observe";
import type { CostJobDeps } from "./cost-budgets";
import { openClusterForAudit } from "./policy-audit";
import { sharedCache } from "./read-access";

export const ALERTS_EVALUATE_JOB = "alerts.evaluate";
export const ALERTS_TICK_JOB = "alerts.tick";
export const ALERTS_DEBOUNCE_MS = 300;

export type AlertsJobDeps = CostJobDeps;

/** The cache subscriptions of the clusters with rules, with a debounced "evaluate" per cluster. */
export function createAlertsWatcher(deps: AlertsJobDeps, onChange: (clusterId: string) => void) {
  const watched = new Map<string, { stop: () => void }>();
  const watch = async (clusterId: string) => {
    if (watched.has(clusterId)) return;
    const cluster = await openClusterForAudit(deps, clusterId);
    if (!cluster) return;
    let timer: NodeJS.Timeout | null = null;
    const changed = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        onChange(clusterId);
      }, ALERTS_DEBOUNCE_MS);
    };
    // A subscriber keeps each cache running while the cluster has rules.
    const unsubscribe = ALERT_CACHES.map((type) =>
      sharedCache(deps as ApiDeps, cluster, type).subscribe(changed),
    );
    watched.set(clusterId, {
      stop: () => {
        if (timer) clearTimeout(timer);
        for (const u of unsubscribe) u();
      },
    });
  };
  return {
    /** Watches exactly these clusters from now on. */
    async sync(clusterIds: readonly string[]) {
      const wanted = new Set(clusterIds);
      for (const [id, w] of watched)
        if (!wanted.has(id)) {
          w.stop();
          watched.delete(id);
        }
      for (const id of wanted) await watch(id).catch(() => undefined);
    },
    watching: () => [...watched.keys()],
    stop() {
      for (const w of watched.values()) w.stop();
      watched.clear();
    },
  };
}

export function alertsJobs(
  deps: AlertsJobDeps,
  options: { runner: () => JobRunner; onWatcher?: (w: ReturnType<typeof createAlertsWatcher>) => void },
): CatalogEntry[] {
  const log = deps.log ?? defaultLogger();
  const evaluate = defineJob({
    name: ALERTS_EVALUATE_JOB,
    payload: z.object({ clusterId: z.string().min(1).max(64), tick: z.boolean() }).strict(),
    retries: 1,
    concurrency: 2,
    async run({ clusterId, tick }) {
      const cluster = await openClusterForAudit(deps, clusterId);
      if (!cluster) return { skipped: "cluster removed" };
      const setup = await loadAlertsConfig(deps, clusterId);
      if (!setup.config.rules.length) return { skipped: "no rules" };
      const now = new Date();
      const objects = await cachedObjects(deps, cluster);
      return evaluateAlerts(
        deps,
        clusterId,
        liveInputs(deps, cluster, objects, { withUsage: tick, now }),
        now.getTime(),
        setup,
      );
    },
  });
  const watcher = createAlertsWatcher(deps, (clusterId) => {
    options
      .runner()
      .enqueue(
        evaluate,
        { clusterId, tick: false },
        { idempotencyKey: `alerts:${clusterId}:change:${Math.floor(Date.now() / ALERTS_DEBOUNCE_MS)}` },
      )
      .catch((error: unknown) =>
        log.warn(
          { clusterId, error: error instanceof Error ? error.message : String(error) },
          "alerts: enqueue failed",
        ),
      );
  });
  options.onWatcher?.(watcher);
  const tick = defineJob({
    name: ALERTS_TICK_JOB,
    payload: z.object({}).strict(),
    retries: 0,
    concurrency: 1,
    async run() {
      const clusters = await listClustersWithAlertRules(deps.prisma);
      await watcher.sync(clusters);
      const minute = Math.floor(Date.now() / 60_000);
      for (const clusterId of clusters)
        await options
          .runner()
          .enqueue(
            evaluate,
            { clusterId, tick: true },
            { idempotencyKey: `alerts:${clusterId}:tick:${minute}` },
          );
      return { clusters: clusters.length };
    },
  });
  return [{ job: evaluate }, { job: tick, schedule: { cron: "0 * * * * *", payload: {} } }];
}
