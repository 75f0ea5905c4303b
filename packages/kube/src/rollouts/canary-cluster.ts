/**
 * The canary's cluster calls, each as whoever `kc` authenticates as (the
 * services pass the person's impersonated config): its Deployment, the
 * canary Service, the HTTPRoute's weights, and the pods the analysis reads.
 * Decisions are in canary-plan.ts and canary-judge.ts.
 */
import {
  ApisApi,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
  type V1Pod,
  type V1ReplicaSet,
  type V1Service,
} from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";
import type { ArgoRollout } from "./canary-argo";
import type { HttpRoute, HttpRouteRule } from "./canary-plan";

const failing = (error: unknown): never => {
  throw fromKubeError(error);
};
const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const FIELD_MANAGER = "clustercord";

/** Deleting what is already gone is done. */
const unlessGone = (error: unknown): null => {
  const e = fromKubeError(error);
  if (e.code === "NOT_FOUND") return null;
  throw e;
};

export async function readCanaryTarget(
  kc: KubeConfig,
  namespace: string,
  name: string,
): Promise<V1Deployment> {
  return kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ namespace, name }).catch(failing);
}

/** The Deployment, or null when there is none of that name. */
export async function findDeployment(
  kc: KubeConfig,
  namespace: string,
  name: string,
): Promise<V1Deployment | null> {
  return kc
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({ namespace, name })
    .catch((error: unknown) => unlessGone(error) ?? null);
}

export async function createDeploymentAs(kc: KubeConfig, deployment: V1Deployment): Promise<V1Deployment> {
  return kc
    .makeApiClient(AppsV1Api)
    .createNamespacedDeployment({
      namespace: deployment.metadata?.namespace ?? "",
      body: deployment,
      fieldManager: FIELD_MANAGER,
    })
    .catch(failing);
}

export async function patchDeploymentAs(
  kc: KubeConfig,
  namespace: string,
  name: string,
  body: Record<string, unknown>,
): Promise<V1Deployment> {
  return kc
    .makeApiClient(AppsV1Api)
    .patchNamespacedDeployment({ namespace, name, body, fieldManager: FIELD_MANAGER }, merge)
    .catch(failing);
}

/** Deletes the Deployment (its ReplicaSets and pods in the background); gone already is fine. */
export async function deleteDeploymentAs(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  await kc
    .makeApiClient(AppsV1Api)
    .deleteNamespacedDeployment({ namespace, name, body: { propagationPolicy: "Background" } })
    .catch(unlessGone);
}

export async function listPodsAs(kc: KubeConfig, namespace: string, labelSelector: string): Promise<V1Pod[]> {
  const list = await kc
    .makeApiClient(CoreV1Api)
    .listNamespacedPod({ namespace, labelSelector })
    .catch(failing);
  return list.items;
}

export async function listServicesAs(kc: KubeConfig, namespace: string): Promise<V1Service[]> {
  return (await kc.makeApiClient(CoreV1Api).listNamespacedService({ namespace }).catch(failing)).items;
}

export async function createServiceAs(kc: KubeConfig, service: V1Service): Promise<V1Service> {
  return kc
    .makeApiClient(CoreV1Api)
    .createNamespacedService({
      namespace: service.metadata?.namespace ?? "",
      body: service,
      fieldManager: FIELD_MANAGER,
    })
    .catch(failing);
}

export async function patchServiceAs(
  kc: KubeConfig,
  namespace: string,
  name: string,
  body: Record<string, unknown>,
): Promise<V1Service> {
  return kc
    .makeApiClient(CoreV1Api)
    .patchNamespacedService({ namespace, name, body, fieldManager: FIELD_MANAGER }, merge)
    .catch(failing);
}

export async function deleteServiceAs(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  await kc.makeApiClient(CoreV1Api).deleteNamespacedService({ namespace, name }).catch(unlessGone);
}

const GATEWAY = { group: "gateway.networking.k8s.io", version: "v1", plural: "httproutes" } as const;

/**
 * Whether the cluster serves `group/version` (discovery, which every
 * authenticated person may read): a person's request for a resource the
 * cluster does not have is refused (403) before it could be a 404.
 */
export async function servesApi(kc: KubeConfig, group: string, version: string): Promise<boolean> {
  const groups = await kc.makeApiClient(ApisApi).getAPIVersions().catch(failing);
  return groups.groups.some((g) => g.name === group && g.versions.some((v) => v.version === version));
}

/**
 * The namespace's HTTPRoutes, or null when the cluster does not serve
 * Gateway API (no CRD: the list is a 404). A person the cluster does not let
 * read them is refused as the cluster says.
 */
export async function listHttpRoutesAs(kc: KubeConfig, namespace: string): Promise<HttpRoute[] | null> {
  if (!(await servesApi(kc, GATEWAY.group, GATEWAY.version))) return null;
  try {
    const list = (await kc
      .makeApiClient(CustomObjectsApi)
      .listNamespacedCustomObject({ ...GATEWAY, namespace })) as { items?: HttpRoute[] };
    return list.items ?? [];
  } catch (error) {
    const e = fromKubeError(error);
    if (e.code === "NOT_FOUND") return null;
    throw e;
  }
}

export async function readHttpRouteAs(kc: KubeConfig, namespace: string, name: string): Promise<HttpRoute> {
  return (await kc
    .makeApiClient(CustomObjectsApi)
    .getNamespacedCustomObject({ ...GATEWAY, namespace, name })
    .catch(failing)) as HttpRoute;
}

/**
 * Writes the route's rules (a merge patch replaces the list), guarded by the
 * resourceVersion it was computed from: a route changed meanwhile is a conflict.
 */
export async function setHttpRouteRulesAs(
  kc: KubeConfig,
  route: HttpRoute,
  rules: HttpRouteRule[],
): Promise<HttpRoute> {
  return (await kc
    .makeApiClient(CustomObjectsApi)
    .patchNamespacedCustomObject(
      {
        ...GATEWAY,
        namespace: route.metadata?.namespace ?? "",
        name: route.metadata?.name ?? "",
        body: { metadata: { resourceVersion: route.metadata?.resourceVersion }, spec: { rules } },
        fieldManager: FIELD_MANAGER,
      },
      merge,
    )
    .catch(failing)) as HttpRoute;
}

/** The pod-template-hash of the Deployment's current ReplicaSet (its newest revision), or null before it has one. */
export async function currentTemplateHash(kc: KubeConfig, deployment: V1Deployment): Promise<string | null> {
  const namespace = deployment.metadata?.namespace ?? "";
  const labelSelector = Object.entries(deployment.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const sets = await kc
    .makeApiClient(AppsV1Api)
    .listNamespacedReplicaSet({ namespace, ...(labelSelector ? { labelSelector } : {}) })
    .catch(failing);
  const revision = (s: V1ReplicaSet) =>
    Number(s.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? 0);
  const newest = sets.items
    .filter((s) => s.metadata?.ownerReferences?.some((o) => o.uid === deployment.metadata?.uid))
    .sort((a, b) => revision(b) - revision(a))[0];
  return newest?.metadata?.labels?.["pod-template-hash"] ?? null;
}

const ARGO = { group: "argoproj.io", version: "v1alpha1", plural: "rollouts" } as const;

/** The Argo Rollout of that name, or null when there is none or the cluster has no Argo Rollouts CRD (both 404). */
export async function findArgoRolloutAs(
  kc: KubeConfig,
  namespace: string,
  name: string,
): Promise<ArgoRollout | null> {
  if (!(await servesApi(kc, ARGO.group, ARGO.version))) return null;
  return (await kc
    .makeApiClient(CustomObjectsApi)
    .getNamespacedCustomObject({ ...ARGO, namespace, name })
    .catch(unlessGone)) as ArgoRollout | null;
}

/** A merge patch of the Rollout, or of its status subresource (how `kubectl argo rollouts` promotes and aborts). */
export async function patchArgoRolloutAs(
  kc: KubeConfig,
  namespace: string,
  name: string,
  body: Record<string, unknown>,
  subresource: "status" | null,
): Promise<ArgoRollout> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const request = { ...ARGO, namespace, name, body, fieldManager: FIELD_MANAGER };
  return (await (subresource === "status"
    ? api.patchNamespacedCustomObjectStatus(request, merge)
    : api.patchNamespacedCustomObject(request, merge)
  ).catch(failing)) as ArgoRollout;
}
