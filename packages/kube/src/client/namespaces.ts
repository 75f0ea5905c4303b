import { ApiException, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { guildNamespace, personalNamespace } from "../tenancy/plan";
import { fromKubeError } from "./errors";

/**
 * The namespaces a person may work in, asked as that person (impersonated):
 * on a shared cluster only their guild's namespace and their personal one,
 * each only if it exists and they may read it; on a dedicated cluster whatever the cluster
 * lets them list.
 */
export async function listVisibleNamespaces(
  kc: KubeConfig,
  options: { shared: boolean; guildId: string; userId: string },
): Promise<string[]> {
  try {
    if (!options.shared) {
      const list = await kc.makeApiClient(CoreV1Api).listNamespace();
      return list.items
        .map((n) => n.metadata?.name ?? "")
        .filter(Boolean)
        .sort();
    }
    // Read as the person: a namespace that does not exist, or that they may
    // not read, is not theirs (a cluster-wide grant alone does not make one).
    const core = kc.makeApiClient(CoreV1Api);
    const candidates = [guildNamespace(options.guildId), personalNamespace(options.userId)];
    const allowed = await Promise.all(
      candidates.map((name) =>
        core.readNamespace({ name }).then(
          () => true,
          (error: unknown) => {
            if (error instanceof ApiException && (error.code === 403 || error.code === 404)) return false;
            throw error;
          },
        ),
      ),
    );
    return candidates.filter((_, i) => allowed[i]);
  } catch (error) {
    throw fromKubeError(error);
  }
}
