import { findOutboundRefusal } from "@clustercord/outbound";
import {
  ApiException,
  AuthorizationV1Api,
  CoreV1Api,
  type KubeConfig,
  VersionApi,
} from "@kubernetes/client-node";
import { z } from "zod";
import { describeHttpAnswer } from "./errors";

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

/**
 * The shape of a Kubernetes `/version` answer. Only these parsed fields ever
 * leave the probe, so an address that answers with something else (an
 * internal service) has nothing of its answer shown.
 */
export const KubeVersion = z.object({
  major: z.string().regex(/^\d{1,3}\+?$/),
  minor: z.string().regex(/^\d{1,3}\+?$/),
  // v1.37.2, v1.29.4-eks-036c24b, v1.27.3+k3s1, v1.30.1-gke.1329003
  gitVersion: z.string().regex(/^v\d{1,3}\.\d{1,3}\.\d{1,5}([-+][0-9A-Za-z.+-]{1,64})?$/),
  platform: z.string().regex(/^[a-z0-9]{1,32}\/[a-z0-9_]{1,32}$/),
});

class ProbeTimeout extends Error {}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new ProbeTimeout(`${what} timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);

/** Why the probe failed, in words that quote no response body and no credentials. */
function describe(error: unknown): string {
  const refused = findOutboundRefusal(error);
  if (refused) return `cannot reach the API server: ${refused.userMessage}`;
  if (error instanceof ProbeTimeout) return `cannot reach the API server: ${error.message}`;
  if (error instanceof ApiException) {
    if (error.code === 401) return "the API server refused the credentials (401)";
    if (error.code === 403) return "the credentials are not allowed to read the cluster (403)";
    const answer = describeHttpAnswer(error.code, error.body);
    return answer.fromKubernetes
      ? `the API server said: ${answer.text}`
      : `the API server's address gave ${answer.text}`;
  }
  // Network errors carry a code (ECONNREFUSED, CERT_HAS_EXPIRED…); their messages are not shown: a parse
  // error's message may quote what the address answered.
  const code = (error as { cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
  if (typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code))
    return `cannot reach the API server (${code})`;
  return "cannot reach the API server, or it did not answer like a Kubernetes API server";
}

/**
 * Reachability, version, node count and whether our own credentials can
 * impersonate: the status a cluster shows and what `/cluster add` checks.
 * Uses ClusterCord's credentials, never a person's.
 */
export async function probeCluster(kc: KubeConfig, timeoutMs = 8_000): Promise<ClusterHealth> {
  try {
    const answer = await withTimeout(kc.makeApiClient(VersionApi).getCode(), timeoutMs, "version");
    const version = KubeVersion.safeParse(answer);
    if (!version.success) {
      return {
        reachable: false,
        version: null,
        nodeCount: null,
        canImpersonate: false,
        problem:
          "the address answered, but not like a Kubernetes API server (its /version is not Kubernetes')",
      };
    }
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
      version: version.data.gitVersion,
      nodeCount: typeof nodes === "number" && Number.isSafeInteger(nodes) ? nodes : null,
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
