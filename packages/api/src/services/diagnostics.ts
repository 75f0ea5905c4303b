/**
 * diagnostics.run (one target) and diagnostics.cluster (a whole pass): the
 * rule-based analyzers of @clustercord/diagnostics over the cluster's shared
 * watch caches, for one person. Each kind is read only
 * where that person may list it (read-access.ts asks the cluster as them),
 * so a diagnosis never shows more than their own `kubectl get` would; the
 * kinds they cannot read are named in the answer instead of silently missing.
 * ConfigMaps enter by name and key names only; Secrets not at all (a
 * missing Secret is named by the kubelet's own CreateContainerConfigError).
 */
import {
  AppError,
  type DiagnoseTarget,
  type DiagnosticsClusterInput,
  type DiagnosticsClusterOutput,
  type DiagnosticsRunInput,
  type DiagnosticsRunOutput,
} from "@clustercord/contracts";
import {
  buildContext,
  type ContainerLogs,
  type DiagnosticsInput,
  diagnose,
  diagnoseCluster,
  namedRefs,
  type Pod,
  sortFindings,
  TargetNotFoundError,
} from "@clustercord/diagnostics";
import { type KubeObject, RESOURCE_TYPES, type ResourceType, readLogTail } from "@clustercord/kube";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { personKubeConfig } from "./actor-cluster";
import { openClusterFor } from "./cluster-access";
import { predictedOoms, recordPass, targetRef } from "./diagnostics-history";
import {
  type Actor,
  mayList,
  mayReadLogs,
  type OpenedCluster,
  settled,
  sharedCache,
  visibleNamespaces,
} from "./read-access";

type InputKey = Exclude<keyof DiagnosticsInput, "now" | "metrics" | "logs">;

const type = (group: string, version: string, resource: string): ResourceType => ({
  group,
  version,
  resource,
});

/** Namespaced kinds a diagnosis reads, by the analyzers' input key. */
const NAMESPACED: readonly [InputKey, ResourceType][] = [
  ["pods", RESOURCE_TYPES.pods],
  ["deployments", RESOURCE_TYPES.deployments],
  ["replicaSets", RESOURCE_TYPES.replicasets],
  ["statefulSets", RESOURCE_TYPES.statefulsets],
  ["daemonSets", RESOURCE_TYPES.daemonsets],
  ["jobs", RESOURCE_TYPES.jobs],
  ["cronJobs", RESOURCE_TYPES.cronjobs],
  ["services", RESOURCE_TYPES.services],
  ["endpointSlices", type("discovery.k8s.io", "v1", "endpointslices")],
  ["persistentVolumeClaims", RESOURCE_TYPES.persistentvolumeclaims],
  ["configMaps", RESOURCE_TYPES.configmaps],
  ["networkPolicies", type("networking.k8s.io", "v1", "networkpolicies")],
  ["ingresses", RESOURCE_TYPES.ingresses],
  ["horizontalPodAutoscalers", type("autoscaling", "v2", "horizontalpodautoscalers")],
  ["podDisruptionBudgets", type("policy", "v1", "poddisruptionbudgets")],
  ["resourceQuotas", type("", "v1", "resourcequotas")],
  ["events", RESOURCE_TYPES.events],
];

/** Cluster-scoped kinds: read only by people who may list them cluster-wide (never tenants of a shared cluster). */
const CLUSTER_SCOPED: readonly [InputKey, ResourceType][] = [
  ["nodes", RESOURCE_TYPES.nodes],
  ["storageClasses", type("storage.k8s.io", "v1", "storageclasses")],
  ["namespaces", RESOURCE_TYPES.namespaces],
];

const targetNamespace = (t: DiagnoseTarget): string | undefined =>
  t.kind === "Node" ? undefined : t.kind === "Namespace" ? t.name : t.namespace;

/** One kind's objects from the shared cache (in `namespaces` only, when given), or null when the cache cannot answer (forbidden, too large, syncing). */
async function cached(
  deps: ApiDeps,
  cluster: OpenedCluster,
  t: ResourceType,
  namespaces: ReadonlySet<string> | "all",
) {
  const cache = await settled(sharedCache<KubeObject>(deps, cluster, t));
  if (cache.state.status !== "ready" && cache.state.status !== "stale") return null;
  if (namespaces === "all") return cache.list();
  // One pass over the cache's map: no copy of every object for a namespace's few.
  const items: KubeObject[] = [];
  for (const o of cache.snapshot().items.values())
    if (namespaces.has(o.metadata?.namespace ?? "")) items.push(o);
  return items;
}

interface Gathered {
  given: DiagnosticsInput;
  read: string[];
  unread: string[];
}

/**
 * What the caches hold that the person may list: the namespaced kinds in
 * `namespaces` (each kind asked per namespace), or cluster-wide when
 * `namespaces` is undefined; cluster-scoped kinds only with a cluster-wide yes.
 */
async function gather(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  namespaces: readonly string[] | undefined,
): Promise<Gathered> {
  const read: string[] = [];
  const unread: string[] = [];
  const given: DiagnosticsInput = { now: new Date() };
  const may = (t: ResourceType, ns: string | undefined) =>
    mayList(deps, actor, cluster, t, ns).catch(() => false);
  const readKind = async ([key, t]: [InputKey, ResourceType], namespaced: boolean) => {
    let scope: ReadonlySet<string> | "all" | null;
    if (!namespaced || namespaces === undefined) scope = (await may(t, undefined)) ? "all" : null;
    else {
      const allowed = await Promise.all(namespaces.map((ns) => may(t, ns)));
      const mine = namespaces.filter((_, i) => allowed[i]);
      scope = mine.length ? new Set(mine) : null;
    }
    const items = scope ? await cached(deps, cluster, t, scope) : null;
    if (!items) {
      unread.push(t.resource);
      return;
    }
    read.push(t.resource);
    // ConfigMaps by name and key names only: their values never enter a diagnosis.
    (given as Record<string, unknown>)[key] = key === "configMaps" ? namedRefs(items) : items;
  };
  await Promise.all([
    ...NAMESPACED.map((k) => readKind(k, true)),
    ...CLUSTER_SCOPED.map((k) => readKind(k, false)),
  ]);
  return { given, read: read.sort(), unread: unread.sort() };
}

export async function runDiagnostics(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof DiagnosticsRunInput>,
): Promise<DiagnosticsRunOutput> {
  const { target } = input;
  const cluster = await openClusterFor(deps, actor.guildId, input.clusterId);
  const namespace = targetNamespace(target);
  // The same words whether the namespace is someone else's or does not exist: nothing about other tenants leaks.
  if (namespace !== undefined && !(await visibleNamespaces(deps, actor, cluster)).includes(namespace))
    throw new AppError("FORBIDDEN", {
      userMessage: "You may not diagnose in that namespace on this cluster.",
    });

  const { given, read, unread } = await gather(
    deps,
    actor,
    cluster,
    namespace === undefined ? undefined : [namespace],
  );
  if (target.kind === "Node" && !read.includes("nodes"))
    throw new AppError("FORBIDDEN", { userMessage: "You may not list nodes on this cluster." });
  if (namespace !== undefined && !read.includes("pods"))
    throw new AppError("FORBIDDEN", {
      userMessage: "You may not list pods in that namespace on this cluster.",
    });
  if (namespace !== undefined && target.kind !== "Namespace")
    given.logs = await failingContainerLogs(deps, actor, cluster, namespace, podsOf(given, target));

  let findings: DiagnosticsRunOutput["findings"];
  try {
    findings = diagnose(buildContext(given), target);
  } catch (error) {
    if (error instanceof TargetNotFoundError)
      throw new AppError("NOT_FOUND", {
        userMessage: `No ${target.kind} of that name${namespace !== undefined && target.kind !== "Namespace" ? " in that namespace" : ""}.`,
      });
    throw error;
  }
  const checkedAt = new Date();
  if (namespace !== undefined) {
    const pods = target.kind === "Namespace" ? namespacePods(given, namespace) : podsOf(given, target);
    const predicted = await predictedOoms(deps, cluster.id, namespace, given, pods, checkedAt);
    if (predicted.length) findings = sortFindings([...findings, ...predicted]);
  }
  const history = await recordPass(
    deps,
    actor,
    cluster.id,
    { scope: { kind: "target", target: targetRef(target) }, read, findings, at: checkedAt },
    true,
  );
  return {
    target,
    findings,
    read,
    unread,
    checkedAt: checkedAt.toISOString(),
    ...(history ? { history } : {}),
  };
}

const namespacePods = (given: DiagnosticsInput, namespace: string): Pod[] =>
  (given.pods ?? []).filter((p) => p.metadata?.namespace === namespace);

/** A whole pass answers with the most severe findings first, at most this many (the counts cover them all). */
const MAX_CLUSTER_FINDINGS = 500;

/**
 * diagnostics.cluster: every finding in what the person may read: the whole
 * cluster for someone who may list pods cluster-wide, else their namespaces
 * (a tenant's own). No log lines: a pass reads no logs (diagnose a workload
 * for those).
 */
export async function clusterDiagnostics(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof DiagnosticsClusterInput>,
): Promise<DiagnosticsClusterOutput> {
  const cluster = await openClusterFor(deps, actor.guildId, input.clusterId);
  const wide = await mayList(deps, actor, cluster, RESOURCE_TYPES.pods, undefined).catch(() => false);
  const namespaces = wide ? undefined : await visibleNamespaces(deps, actor, cluster);
  if (namespaces && !namespaces.length)
    throw new AppError("FORBIDDEN", { userMessage: "You have no namespace on this cluster to diagnose." });
  const { given, read, unread } = await gather(deps, actor, cluster, namespaces);
  if (!read.includes("pods"))
    throw new AppError("FORBIDDEN", { userMessage: "You may not list pods on this cluster." });
  const all = diagnoseCluster(buildContext(given));
  const scope = namespaces ? { kind: "namespaces" as const, namespaces } : { kind: "cluster" as const };
  await recordPass(deps, actor, cluster.id, { scope, read, findings: all, at: new Date() }, false);
  const bySeverity = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const f of all) bySeverity[f.severity]++;
  return {
    scope: namespaces ? { kind: "namespaces", namespaces: [...namespaces].sort() } : { kind: "cluster" },
    findings: all.slice(0, MAX_CLUSTER_FINDINGS),
    total: all.length,
    bySeverity,
    read,
    unread,
    checkedAt: new Date().toISOString(),
  };
}

type Owned = {
  metadata?: { name?: string; ownerReferences?: { kind?: string; name?: string; controller?: boolean }[] };
};
const controllerOf = (o: Owned) => o.metadata?.ownerReferences?.find((r) => r.controller);

/** The target's own pods: the pod itself, or the pods its controller chain (ReplicaSet, Job) leads to. */
function podsOf(given: DiagnosticsInput, target: DiagnoseTarget): Pod[] {
  if (target.kind === "Node" || target.kind === "Namespace") return [];
  const pods = given.pods ?? [];
  if (target.kind === "Pod") return pods.filter((p) => p.metadata?.name === target.name);
  const ownedByTarget = (o: Owned) => {
    const c = controllerOf(o);
    return c?.kind === target.kind && c.name === target.name;
  };
  // One step down first: a Deployment's ReplicaSets, a CronJob's Jobs.
  const middle = new Set([
    ...(given.replicaSets ?? []).filter(ownedByTarget).map((o) => `ReplicaSet/${o.metadata?.name}`),
    ...(given.jobs ?? []).filter(ownedByTarget).map((o) => `Job/${o.metadata?.name}`),
  ]);
  return pods.filter((p) => {
    const c = controllerOf(p);
    return ownedByTarget(p) || middle.has(`${c?.kind}/${c?.name}`);
  });
}

/** Containers whose logs a diagnosis reads: at most this many, the last LOG_LINES lines of each. */
const LOG_CONTAINERS = 6;
const LOG_LINES = 20;
const LOG_TIMEOUT_MS = 3_000;

/**
 * The last lines of the target's failing containers (crash loops and errored
 * runs: the previous run's log, where the error was printed), read AS the
 * person: the cluster's RBAC on pods/log decides, and without it the
 * diagnosis simply has no log evidence.
 */
async function failingContainerLogs(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  namespace: string,
  pods: readonly Pod[],
): Promise<ContainerLogs[]> {
  const failing = pods.flatMap((pod) =>
    (pod.status?.containerStatuses ?? [])
      .filter(
        (s) =>
          s.state?.waiting?.reason === "CrashLoopBackOff" || (s.lastState?.terminated?.exitCode ?? 0) !== 0,
      )
      .map((s) => ({ pod: pod.metadata?.name ?? "", container: s.name ?? "" })),
  );
  if (!failing.length) return [];
  if (!(await mayReadLogs(deps, actor, cluster, namespace).catch(() => false))) return [];
  const kc = personKubeConfig(deps, actor, cluster);
  const read = await Promise.all(
    failing.slice(0, LOG_CONTAINERS).map(async ({ pod, container }) => {
      const tail = await readLogTail(
        kc,
        { namespace, pod, container, tailLines: LOG_LINES, previous: true },
        { maxBytes: 16_384, timeoutMs: LOG_TIMEOUT_MS },
      ).catch(() => null);
      return tail?.lines.length ? [{ namespace, pod, container, lines: tail.lines }] : [];
    }),
  );
  return read.flat();
}
