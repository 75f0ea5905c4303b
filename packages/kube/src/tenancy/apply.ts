import {
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  RbacAuthorizationV1Api,
} from "@kubernetes/client-node";

const FIELD_MANAGER = "clustercord";

/**
 * Server-side applies planned objects in order (the Namespace first), with
 * ClusterCord's own credentials: idempotent, and it takes ownership of the
 * fields it manages so a later change to the plan converges.
 */
export async function applyObjects(kc: KubeConfig, objects: readonly KubernetesObject[]): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(kc);
  for (const object of objects) {
    await client.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }
}

/**
 * Takes a guild's members out of a namespace by deleting the RoleBindings
 * that let them in; the namespace and its workloads stay. Already-missing
 * bindings are fine (revoking twice converges).
 */
export async function deleteRoleBindings(
  kc: KubeConfig,
  namespace: string,
  names: readonly string[],
): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  for (const name of names) await ignoreNotFound(rbac.deleteNamespacedRoleBinding({ name, namespace }));
}

/** The same for cluster-wide bindings (a dedicated registration's). */
export async function deleteClusterRoleBindings(kc: KubeConfig, names: readonly string[]): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  for (const name of names) await ignoreNotFound(rbac.deleteClusterRoleBinding({ name }));
}

async function ignoreNotFound(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
  }
}
