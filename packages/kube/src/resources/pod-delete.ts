import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { fromKubeError } from "../client/errors";

/** Which pod this is (its uid) and what recreates it when deleted (its controller owner, if any). */
export interface PodIdentity {
  uid: string;
  controller: { kind: string; name: string } | null;
}

/** A pod's uid and controller owner, read as whoever `kc` authenticates as; a missing pod rejects NOT_FOUND. */
export async function readPodIdentity(kc: KubeConfig, namespace: string, pod: string): Promise<PodIdentity> {
  try {
    const { metadata } = await kc.makeApiClient(CoreV1Api).readNamespacedPod({ namespace, name: pod });
    const owner = metadata?.ownerReferences?.find((ref) => ref.controller);
    return { uid: metadata?.uid ?? "", controller: owner ? { kind: owner.kind, name: owner.name } : null };
  } catch (error) {
    throw fromKubeError(error);
  }
}

/**
 * Deletes the pod with this uid (a precondition: a same-named replacement is
 * never deleted by mistake), as whoever `kc` authenticates as, with the pod's
 * own grace period. Refusals reject with the cluster's AppError.
 */
export async function deletePod(kc: KubeConfig, namespace: string, pod: string, uid: string): Promise<void> {
  try {
    await kc
      .makeApiClient(CoreV1Api)
      .deleteNamespacedPod({ namespace, name: pod, body: { preconditions: { uid } } });
  } catch (error) {
    throw fromKubeError(error);
  }
}
