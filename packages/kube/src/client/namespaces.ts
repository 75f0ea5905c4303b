import { AuthorizationV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { guildNamespace } from "../tenancy/plan";
import { fromKubeError } from "./errors";

/**
 * The namespaces a person may work in, asked as that person (impersonated):
 * on a shared cluster only their guild's own namespace, and only if they may
 * read it; on a dedicated cluster whatever the cluster lets them list.
 */
export async function listVisibleNamespaces(
  kc: KubeConfig,
  options: { shared: boolean; guildId: string },
): Promise<string[]> {
  try {
    if (!options.shared) {
      const list = await kc.makeApiClient(CoreV1Api).listNamespace();
      return list.items
        .map((n) => n.metadata?.name ?? "")
        .filter(Boolean)
        .sort();
    }
    const own = guildNamespace(options.guildId);
    const review = await kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { verb: "list", resource: "pods", namespace: own } } },
    });
    return review.status?.allowed ? [own] : [];
  } catch (error) {
    throw fromKubeError(error);
  }
}
