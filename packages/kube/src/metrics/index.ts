/**
 * metrics.k8s.io (metrics-server) for the cost sampler: every pod's and
 * node's current usage, read with ClusterCord's own credentials. When the
 * aggregated API does not answer (APIService unavailable, 503, timeout) the
 * answer says why, so the sampler records a gap instead of zero usage.
 */

import { findOutboundRefusal } from "@clustercord/outbound";
import { ApiException, CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";

export interface PodMetrics {
  metadata: { name: string; namespace: string };
  timestamp?: string;
  window?: string;
  containers: { name: string; usage: { cpu?: string; memory?: string } }[];
}
export interface NodeMetrics {
  metadata: { name: string };
  usage: { cpu?: string; memory?: string };
}

export type MetricsAnswer =
  | { ok: true; pods: PodMetrics[]; nodes: NodeMetrics[] }
  | { ok: false; reason: string };

class MetricsTimeout extends Error {}

/** Why metrics.k8s.io did not answer, without quoting a response body. */
function metricsProblem(error: unknown): string {
  if (error instanceof MetricsTimeout) return error.message;
  const refused = findOutboundRefusal(error);
  if (refused) return `cannot reach the API server: ${refused.userMessage}`;
  if (error instanceof ApiException) {
    if (error.code === 404) return "metrics.k8s.io is not served (no metrics-server, HTTP 404)";
    if (error.code === 403) return "ClusterCord may not read metrics.k8s.io (HTTP 403)";
    if (error.code === 503) return "metrics.k8s.io is unavailable (HTTP 503)";
    return `metrics.k8s.io answered HTTP ${error.code}`;
  }
  const code = (error as { cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
  if (typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code))
    return `cannot reach the API server (${code})`;
  return "metrics.k8s.io did not answer";
}

/** Pod and node metrics of all namespaces; `{ ok: false, reason }` when either list fails or times out. */
export async function readClusterMetrics(
  kc: KubeConfig,
  options: { timeoutMs?: number } = {},
): Promise<MetricsAnswer> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const api = kc.makeApiClient(CustomObjectsApi);
  const list = <T>(plural: "pods" | "nodes") =>
    api.listClusterCustomObject({ group: "metrics.k8s.io", version: "v1beta1", plural }) as Promise<{
      items?: T[];
    }>;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new MetricsTimeout(`metrics.k8s.io did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    const [pods, nodes] = await Promise.race([
      Promise.all([list<PodMetrics>("pods"), list<NodeMetrics>("nodes")]),
      timeout,
    ]);
    return { ok: true, pods: pods.items ?? [], nodes: nodes.items ?? [] };
  } catch (error) {
    return { ok: false, reason: metricsProblem(error) };
  } finally {
    clearTimeout(timer);
  }
}
