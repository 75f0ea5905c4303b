/**
 * Request counters from kube-apiserver's own /metrics
 * (`apiserver_request_total`), read with the admin kubeconfig: what the API
 * server received, whoever sent it.
 */

export interface RequestCounts {
  /** `VERB resource[/subresource]` -> requests so far (every code, scope and component summed). */
  byVerbResource: Map<string, number>;
}

const LINE = /^apiserver_request_total\{([^}]*)\}\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** Parses the Prometheus text of /metrics. */
export function parseRequestCounts(text: string): RequestCounts {
  const byVerbResource = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = LINE.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const labels: Record<string, string> = {};
    for (const l of m[1].matchAll(LABEL)) labels[l[1] as string] = l[2] as string;
    const resource = labels.subresource
      ? `${labels.resource}/${labels.subresource}`
      : (labels.resource ?? "");
    const key = `${labels.verb ?? "?"} ${resource}`;
    byVerbResource.set(key, (byVerbResource.get(key) ?? 0) + Number(m[2]));
  }
  return { byVerbResource };
}

/** `after - before` for every key that moved. */
export function diffCounts(before: RequestCounts, after: RequestCounts): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of after.byVerbResource) {
    const delta = value - (before.byVerbResource.get(key) ?? 0);
    if (delta !== 0) out.set(key, delta);
  }
  return out;
}

export async function readRequestCounts(
  kubectl: (args: string[]) => Promise<string>,
): Promise<RequestCounts> {
  return parseRequestCounts(await kubectl(["get", "--raw", "/metrics"]));
}
