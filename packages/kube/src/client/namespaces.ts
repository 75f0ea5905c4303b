import { ApiException, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { GUILD_LABEL, guildNamespace, personalNamespace, USER_LABEL } from "../tenancy/plan";
import { fromKubeError } from "./errors";

/**
 * The namespaces a person may work in, asked as that person (impersonated):
 * on a shared cluster only their guild's namespace, their personal one and
 * `extraCandidates` (the guild's other namespaces, see listGuildNamespaces),
 * each only if it exists and they may read it; on a dedicated cluster
 * whatever the cluster lets them list.
 */
export async function listVisibleNamespaces(
  kc: KubeConfig,
  options: { shared: boolean; guildId: string; userId: string; extraCandidates?: readonly string[] },
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
    const candidates = [
      ...new Set([
        guildNamespace(options.guildId),
        personalNamespace(options.userId),
        ...(options.extraCandidates ?? []),
      ]),
    ];
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

/**
 * A guild's further namespaces on a shared cluster (beyond
 * clustercord-guild-<id>): those labelled with its id by whoever holds the
 * cluster's own credentials (planGuildTenancy with a `namespace`), not
 * people's personal namespaces. Asked with ClusterCord's credentials, since a
 * tenant may not list namespaces; they are only candidates: the person's own
 * read (listVisibleNamespaces) decides.
 */
export async function listGuildNamespaces(kc: KubeConfig, guildId: string): Promise<string[]> {
  try {
    const list = await kc
      .makeApiClient(CoreV1Api)
      .listNamespace({ labelSelector: `${GUILD_LABEL}=${guildId},!${USER_LABEL}`, limit: 100 });
    return list.items
      .map((n) => n.metadata?.name ?? "")
      .filter(Boolean)
      .sort();
  } catch (error) {
    throw fromKubeError(error);
  }
}
