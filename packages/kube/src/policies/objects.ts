/**
 * The ValidatingAdmissionPolicies and bindings ClusterCord manages, created,
 * replaced, deleted and read with ClusterCord's own credentials (the objects
 * are cluster-wide; only the owner's admins get here).
 */
import {
  AdmissionregistrationV1Api,
  type KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
} from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";

const FIELD_MANAGER = "clustercord";
const MANAGED_SELECTOR = "app.kubernetes.io/managed-by=clustercord,policy.clustercord.io/key";

type PlainObject = { apiVersion: string; kind: string; metadata: { name: string } } & Record<string, unknown>;

/** Server-side applies the policy, then its binding (forced: ClusterCord's intent wins over hand edits). */
export async function applyPolicyObjects(kc: KubeConfig, objects: readonly PlainObject[]): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(kc);
  try {
    for (const object of objects)
      await client.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  } catch (error) {
    throw fromKubeError(error);
  }
}

/** Deletes the binding, then the policy; already-missing ones are fine (disabling twice converges). */
export async function deletePolicyObjects(kc: KubeConfig, name: string): Promise<void> {
  const api = kc.makeApiClient(AdmissionregistrationV1Api);
  for (const remove of [
    () => api.deleteValidatingAdmissionPolicyBinding({ name }),
    () => api.deleteValidatingAdmissionPolicy({ name }),
  ]) {
    try {
      await remove();
    } catch (error) {
      const app = fromKubeError(error);
      if (app.code !== "NOT_FOUND") throw app;
    }
  }
}

export interface LivePolicyObjects {
  /** By object name (clustercord-<key>). */
  policies: Map<string, Record<string, unknown>>;
  bindings: Map<string, Record<string, unknown>>;
}

/** Every ClusterCord-managed policy and binding in the cluster, by name. */
export async function readPolicyObjects(kc: KubeConfig): Promise<LivePolicyObjects> {
  const api = kc.makeApiClient(AdmissionregistrationV1Api);
  try {
    const [policies, bindings] = await Promise.all([
      api.listValidatingAdmissionPolicy({ labelSelector: MANAGED_SELECTOR }),
      api.listValidatingAdmissionPolicyBinding({ labelSelector: MANAGED_SELECTOR }),
    ]);
    // As plain JSON: the client's model objects carry unset fields as undefined, which would read as drift.
    const byName = (items: { metadata?: { name?: string } }[]) =>
      new Map(
        items.map((o) => [o.metadata?.name ?? "", JSON.parse(JSON.stringify(o)) as Record<string, unknown>]),
      );
    return { policies: byName(policies.items), bindings: byName(bindings.items) };
  } catch (error) {
    throw fromKubeError(error);
  }
}
