import {
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
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
