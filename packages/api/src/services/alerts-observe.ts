/**
 * What the engine feeds the reducer for one cluster: conditions observed in the shared watch caches,
 * the last log lines of a newly crashed container (read with ClusterCord's own credentials, like the
 * cost sampler, secret-shaped text blanked before anything stores it), usage from one metrics.k8s.io
 * reading when a usage rule exists, and findings from one diagnostics pass when a finding rule does.
 */
import {
  type AlertInput,
  type AlertsConfig,
  type AlertsState,
  diffFindings,
  diffObservations,
  type LooseObject,
  needsLogs,
  observe,
  ownerResolver,
  usageInputs,
} from "@clustercord/alerts";
import type { Finding } from "@clustercord/contracts";
import {
  buildContext,
  createRedactor,
  type DiagnosticsInput,
  diagnoseCluster,
  literalEnvValues,
} from "@clustercord/diagnostics";
import {
  type KubeObject,
  RESOURCE_TYPES,
  readClusterMetrics,
  readLogTail,
  toKubeConfig,
} from "@clustercord/kube";
import { redactSecretShapes } from "@clustercord/notify";
import type { ApiDeps } from "../context";
import type { InputsFor } from "./alerts-engine";
import { type OpenedCluster, settled, sharedCache } from "./read-access";

export type AlertsClusterDeps = Pick<ApiDeps, "caches" | "clusterGuard">;

/** The caches alerts are evaluated from (the engine subscribes to these while the cluster has rules). */
export const ALERT_CACHES = [
  RESOURCE_TYPES.pods,
  RESOURCE_TYPES.nodes,
  RESOURCE_TYPES.jobs,
  RESOURCE_TYPES.deployments,
  RESOURCE_TYPES.replicasets,
] as const;

export const LOG_LINES = 20;

export interface CachedObjects {
  pods: LooseObject[];
  nodes: LooseObject[];
  jobs: LooseObject[];
  deployments: LooseObject[];
  replicaSets: LooseObject[];
}

/** The cached objects, or null when a cache is not filled (an empty "syncing" list would clear everything). */
export async function cachedObjects(
  deps: AlertsClusterDeps,
  cluster: OpenedCluster,
): Promise<CachedObjects | null> {
  const caches = await Promise.all(
    ALERT_CACHES.map((type) => settled(sharedCache<KubeObject>(deps as ApiDeps, cluster, type))),
  );
  if (caches.some((c) => c.state.status !== "ready" && c.state.status !== "stale")) return null;
  const [pods, nodes, jobs, deployments, replicaSets] = caches.map((c) => c.list() as LooseObject[]);
  return { pods, nodes, jobs, deployments, replicaSets } as CachedObjects;
}

/** The last lines of the crashed container's previous run (its current run when there is none yet). */
async function crashLogs(
  deps: AlertsClusterDeps,
  cluster: OpenedCluster,
  target: { namespace: string; pod: string; container?: string | undefined },
  podObject: LooseObject | undefined,
): Promise<string[] | null> {
  // Credentials by shape, values after secret-looking keys and env assignments, and the pod's literal
  // env values: blanked before the lines are stored in the state, the history or a message.
  const redactor = createRedactor(podObject ? literalEnvValues([podObject as never]) : []);
  const kc = toKubeConfig(cluster.selected, deps.clusterGuard);
  for (const previous of [true, false]) {
    try {
      const tail = await readLogTail(
        kc,
        {
          namespace: target.namespace,
          pod: target.pod,
          container: target.container,
          tailLines: LOG_LINES,
          previous,
        },
        { maxBytes: 64 * 1024, timeoutMs: 5_000 },
      );
      if (tail.lines.length)
        return tail.lines.slice(-LOG_LINES).map((line) => redactSecretShapes(redactor.redact(line)).text);
    } catch {
      // No previous run (or no log yet): try the current one, else send the alert without lines.
    }
  }
  return null;
}

export const FINDINGS_EVERY_MS = 10_000;
/** When each cluster's last diagnostics pass for alerts ran (this process). */
const findingsPassAt = new Map<string, number>();

/** One diagnostics pass over the cached objects, with each pod finding's owning workload. */
function findingsOf(objects: CachedObjects, now: Date) {
  const ctx = buildContext({
    pods: objects.pods,
    nodes: objects.nodes,
    jobs: objects.jobs,
    deployments: objects.deployments,
    replicaSets: objects.replicaSets,
    now,
  } as DiagnosticsInput);
  const owner = ownerResolver(objects.replicaSets);
  const pods = new Map(objects.pods.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
  return {
    list: diagnoseCluster(ctx),
    ownerOf: (f: Finding) => {
      const pod = f.target.kind === "Pod" ? pods.get(`${f.target.namespace}/${f.target.name}`) : undefined;
      return pod ? owner(pod) : null;
    },
  };
}

const hasType = (config: AlertsConfig, ...types: string[]) =>
  config.rules.some((r) => types.includes(r.type));

/**
 * The engine's `inputsFor` over live caches. `withUsage` reads metrics (the minute's tick only); log
 * reads are remembered across a conflict's retry so a container is read once.
 */
export function liveInputs(
  deps: AlertsClusterDeps,
  cluster: OpenedCluster,
  objects: CachedObjects | null,
  options: { withUsage: boolean; now: Date },
): InputsFor {
  const logs = new Map<string, string[] | null>();
  let usage: AlertInput[] | null = null;
  // Decided once per evaluation, so a retry after a save conflict sees the same pass.
  let findings: ReturnType<typeof findingsOf> | null | undefined;
  return async (state: AlertsState, config: AlertsConfig) => {
    if (!objects) return [];
    const inputs = diffObservations(state, config, observe(cluster.id, objects, options.now.getTime()));
    for (const input of needsLogs(inputs)) {
      const { namespace, name } = input.resource;
      if (!namespace) continue;
      const key = `${namespace}/${name}/${input.details?.container ?? ""}`;
      if (!logs.has(key))
        logs.set(
          key,
          await crashLogs(
            deps,
            cluster,
            { namespace, pod: name, container: input.details?.container },
            objects.pods.find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name),
          ),
        );
      const lines = logs.get(key);
      if (lines) input.details = { ...input.details, logLines: lines };
    }
    if (options.withUsage && hasType(config, "high-cpu", "high-memory")) {
      if (usage === null) {
        const metrics = await readClusterMetrics(toKubeConfig(cluster.selected, deps.clusterGuard));
        usage = metrics.ok ? usageInputs(cluster.id, objects.pods, metrics.pods, objects.replicaSets) : [];
      }
      inputs.push(...usage);
    }
    // A full diagnostics pass is the costly part: at most one per cluster every FINDINGS_EVERY_MS
    // (skipped passes neither fire nor clear anything).
    if (hasType(config, "finding")) {
      if (findings === undefined) {
        const lastPass = findingsPassAt.get(cluster.id) ?? 0;
        findings =
          options.now.getTime() - lastPass >= FINDINGS_EVERY_MS ? findingsOf(objects, options.now) : null;
        if (findings) findingsPassAt.set(cluster.id, options.now.getTime());
      }
      if (findings) inputs.push(...diffFindings(cluster.id, state, config, findings.list, findings.ownerOf));
    }
    return inputs;
  };
}
