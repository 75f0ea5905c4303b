/**
 * What a policy fix needs from the cluster, read as the person (their
 * impersonated KubeConfig): the live workload, its pods, their observed
 * usage (metrics.k8s.io, when it answers) and the namespace's LimitRanges.
 */
import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
} from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";
import { limitRangeDefault, podMatchesSelector } from "./fix-facts";

type Obj = Record<string, unknown>;

export const WORKLOAD_API_VERSIONS: Record<string, string> = {
  Pod: "v1",
  Deployment: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  ReplicaSet: "apps/v1",
  Job: "batch/v1",
  CronJob: "batch/v1",
};

export async function readWorkload(
  kc: KubeConfig,
  kind: string,
  namespace: string,
  name: string,
): Promise<Obj> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  try {
    const object = await api.read({
      apiVersion: WORKLOAD_API_VERSIONS[kind] ?? "v1",
      kind,
      metadata: { name, namespace },
    });
    // Plain JSON (dates as text, unset fields gone): the rules and the apply take the API's shape.
    return JSON.parse(JSON.stringify(object)) as Obj;
  } catch (error) {
    throw fromKubeError(error);
  }
}

/** The workload's pods (a Pod is its own), their metrics when metrics.k8s.io answers, and the LimitRanges. */
export async function readFixFacts(kc: KubeConfig, workload: Obj, namespace: string) {
  const core = kc.makeApiClient(CoreV1Api);
  const spec = (workload.spec ?? {}) as Obj;
  const selector = workload.kind === "CronJob" ? undefined : spec.selector;
  const [pods, limitRanges] = await Promise.all([
    workload.kind === "Pod"
      ? Promise.resolve([workload])
      : core
          .listNamespacedPod({ namespace })
          .then((l) => (l.items as unknown as Obj[]).filter((p) => podMatchesSelector(p, selector)))
          .catch(() => [] as Obj[]),
    core
      .listNamespacedLimitRange({ namespace })
      .then((l) => l.items as unknown as Obj[])
      .catch(() => [] as Obj[]),
  ]);
  const names = new Set(pods.map((p) => (p.metadata as Obj | undefined)?.name));
  // Usage is optional: without metrics-server (or the right to read it) the LimitRange default is used.
  const metrics = await kc
    .makeApiClient(CustomObjectsApi)
    .listNamespacedCustomObject({ group: "metrics.k8s.io", version: "v1beta1", namespace, plural: "pods" })
    .then((l) =>
      ((l as { items?: Obj[] }).items ?? []).filter((m) => names.has((m.metadata as Obj | undefined)?.name)),
    )
    .catch(() => [] as Obj[]);
  return { pods, metrics, limitRanges };
}

/**
 * Every namespace's default container limits (ClusterCord's credentials, for
 * the background audit): which require-limits violations have a fix. A
 * cluster that refuses the list gives no defaults, never an error.
 */
export async function readLimitRangeDefaults(
  kc: KubeConfig,
): Promise<Map<string, { cpu?: string; memory?: string }>> {
  const items = await kc
    .makeApiClient(CoreV1Api)
    .listLimitRangeForAllNamespaces()
    .then((l) => JSON.parse(JSON.stringify(l.items)) as Obj[])
    .catch(() => [] as Obj[]);
  const byNamespace = new Map<string, Obj[]>();
  for (const lr of items) {
    const ns = String((lr.metadata as Obj | undefined)?.namespace ?? "");
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), lr]);
  }
  return new Map([...byNamespace].map(([ns, ranges]) => [ns, limitRangeDefault(ranges)]));
}

/** Server-side apply dry run (dryRun=All) as whoever `kc` is: the object as the cluster would store it. */
export async function dryRunApply(kc: KubeConfig, object: Obj): Promise<Obj> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  try {
    return (await api.patch(
      object as never,
      undefined,
      "All",
      "clustercord",
      true,
      PatchStrategy.ServerSideApply,
    )) as unknown as Obj;
  } catch (error) {
    throw fromKubeError(error);
  }
}
