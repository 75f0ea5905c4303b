/**
 * The cluster calls of rollouts, as whoever `kc` authenticates as (the
 * impersonated person): read a workload and what its rollout view needs,
 * patch it (pause, resume, restart, undo), scale it. The decisions are in
 * the pure modules beside this one.
 */
import type { RolloutKind } from "@clustercord/contracts";
import {
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";
import type { Obj } from "../resources/rows";

/** Typed API answers as the plain JSON the pure modules and the caches hold (dates as text). */
const plain = <T>(value: T, kind?: string): Obj => {
  const o = JSON.parse(JSON.stringify(value)) as Obj;
  return kind ? { ...o, kind } : o;
};

const failing = (error: unknown): never => {
  throw fromKubeError(error);
};

/** The workload itself, as plain JSON with its `kind`; a missing one rejects NOT_FOUND. */
export async function readWorkloadAs(
  kc: KubeConfig,
  kind: RolloutKind,
  namespace: string,
  name: string,
): Promise<Obj> {
  const apps = kc.makeApiClient(AppsV1Api);
  const read =
    kind === "Deployment"
      ? apps.readNamespacedDeployment({ namespace, name })
      : kind === "StatefulSet"
        ? apps.readNamespacedStatefulSet({ namespace, name })
        : apps.readNamespacedDaemonSet({ namespace, name });
  return plain(await read.catch(failing), kind);
}

export interface RolloutObjects {
  sets: Obj[];
  pods: Obj[];
  events: Obj[];
}

/** `app=api,tier=web` from a selector's matchLabels; undefined when it has expressions (then every pod is read). */
function labelSelector(workload: Obj): string | undefined {
  const selector = (workload.spec?.selector ?? {}) as {
    matchLabels?: Record<string, string>;
    matchExpressions?: unknown[];
  };
  if (selector.matchExpressions?.length) return undefined;
  const pairs = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.join(",") : undefined;
}

/**
 * What the status view needs besides the workload, read directly (for a
 * person the shared caches cannot answer for): its namespace's sets, the
 * pods its selector matches, the namespace's events. Pods and events the
 * person may not read are left out (the rollout's judgement does not need
 * them); sets they may not read are the cluster's refusal.
 */
export async function readRolloutObjects(
  kc: KubeConfig,
  kind: RolloutKind,
  workload: Obj,
): Promise<RolloutObjects> {
  const namespace = workload.metadata?.namespace ?? "";
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const selector = labelSelector(workload);
  const [sets, pods, events] = await Promise.all([
    kind === "Deployment"
      ? apps
          .listNamespacedReplicaSet({ namespace, ...(selector ? { labelSelector: selector } : {}) })
          .then((l) => l.items.map((s) => plain(s, "ReplicaSet")))
      : apps
          .listNamespacedControllerRevision({ namespace })
          .then((l) => l.items.map((s) => plain(s, "ControllerRevision"))),
    core
      .listNamespacedPod({ namespace, ...(selector ? { labelSelector: selector } : {}) })
      .then((l) => l.items.map((p) => plain(p, "Pod")))
      .catch(() => [] as Obj[]),
    core
      .listNamespacedEvent({ namespace })
      .then((l) => l.items.map((e) => plain(e, "Event")))
      .catch(() => [] as Obj[]),
  ]).catch(failing);
  return { sets, pods, events };
}

export type RolloutPatch =
  | { type: "merge"; body: Record<string, unknown> }
  | { type: "json"; body: readonly Record<string, unknown>[] };

/** One PATCH of the workload (merge or JSON patch); answers the workload as stored after it. */
export async function patchRollout(
  kc: KubeConfig,
  kind: RolloutKind,
  namespace: string,
  name: string,
  patch: RolloutPatch,
): Promise<Obj> {
  const apps = kc.makeApiClient(AppsV1Api);
  const options = setHeaderOptions(
    "Content-Type",
    patch.type === "merge" ? PatchStrategy.MergePatch : PatchStrategy.JsonPatch,
  );
  const request = { namespace, name, body: patch.body, fieldManager: "clustercord" };
  const patched =
    kind === "Deployment"
      ? apps.patchNamespacedDeployment(request, options)
      : kind === "StatefulSet"
        ? apps.patchNamespacedStatefulSet(request, options)
        : apps.patchNamespacedDaemonSet(request, options);
  return plain(await patched.catch(failing), kind);
}

/** Sets the replicas through the scale subresource (what `kubectl scale` uses: the right RBAC is deployments/scale). */
export async function scaleRollout(
  kc: KubeConfig,
  kind: Exclude<RolloutKind, "DaemonSet">,
  namespace: string,
  name: string,
  replicas: number,
): Promise<void> {
  const apps = kc.makeApiClient(AppsV1Api);
  const options = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
  const request = { namespace, name, body: { spec: { replicas } }, fieldManager: "clustercord" };
  await (kind === "Deployment"
    ? apps.patchNamespacedDeploymentScale(request, options)
    : apps.patchNamespacedStatefulSetScale(request, options)
  ).catch(failing);
}
