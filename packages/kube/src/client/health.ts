import { AuthorizationV1Api, CoreV1Api, type KubeConfig, VersionApi } from "@kubernetes/client-node";

export interface ClusterHealth {
  reachable: boolean;
  /** e.g. v1.37.2 */
  version: string | null;
  nodeCount: number | null;
  /** Whether ClusterCord's own credentials may impersonate users and groups (required). */
  canImpersonate: boolean;
  /** Why the cluster is not usable, safe to show (no credentials in it). */
  problem: string | null;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);

function describe(error: unknown): string {
  const e = error as { code?: number; message?: string; cause?: { code?: string } };
  if (e.code === 401) return "the API server refused the credentials (401)";
  if (e.code === 403) return "the credentials are not allowed to read the cluster (403)";
  if (e.cause?.code) return `cannot reach the API server (${e.cause.code})`;
  return `cannot reach the API server: ${(e.message ?? String(error)).split("\n")[0]}`;
}

/**
 * Reachability, version, node count and whether our own credentials can
 * impersonate: the status a cluster shows and what `/cluster add` checks.
 * Uses ClusterCord's credentials, never a person's.
 */
export async function probeCluster(kc: KubeConfig, timeoutMs = 8_000): Promise<ClusterHealth> {
  try {
    const version = await withTimeout(kc.makeApiClient(VersionApi).getCode(), timeoutMs, "version");
    const authz = kc.makeApiClient(AuthorizationV1Api);
    const may = async (resource: "users" | "groups") => {
      const review = await withTimeout(
        authz.createSelfSubjectAccessReview({
          body: { spec: { resourceAttributes: { verb: "impersonate", resource } } },
        }),
        timeoutMs,
        "access review",
      );
      return review.status?.allowed === true;
    };
    const [users, groups, nodes] = await Promise.all([
      may("users"),
      may("groups"),
      withTimeout(kc.makeApiClient(CoreV1Api).listNode({ limit: 500 }), timeoutMs, "node list")
        .then((list) => list.items.length + (list.metadata?.remainingItemCount ?? 0))
        .catch(() => null),
    ]);
    const canImpersonate = users && groups;
    return {
      reachable: true,
      version: version.gitVersion,
      nodeCount: nodes,
      canImpersonate,
      problem: canImpersonate
        ? null
        : "these credentials cannot impersonate users and groups; ClusterCord acts as each person through impersonation",
    };
  } catch (error) {
    return {
      reachable: false,
      version: null,
      nodeCount: null,
      canImpersonate: false,
      problem: describe(error),
    };
  }
}
