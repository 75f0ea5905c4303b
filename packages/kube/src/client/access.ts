import { AuthorizationV1Api, type KubeConfig } from "@kubernetes/client-node";
import { fromKubeError } from "./errors";

/**
 * `kubectl auth can-i` for whoever `kc` is (impersonated: the person), as a
 * SelfSubjectAccessReview: the cluster's RBAC is the last word on reads
 * served from a cache filled with ClusterCord's own credentials.
 */
export async function canI(
  kc: KubeConfig,
  attributes: { verb: string; resource: string; subresource?: string; group?: string; namespace?: string },
): Promise<boolean> {
  try {
    const review = await kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: attributes } },
    });
    return review.status?.allowed === true;
  } catch (error) {
    throw fromKubeError(error);
  }
}
