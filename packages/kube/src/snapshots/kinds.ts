/**
 * Which kinds go into a snapshot: from the aggregated discovery documents
 * (`/api`, `/apis`, fetched as the person, CRDs included), every kind with
 * the `list` verb at its group's preferred version, minus what is not state
 * worth keeping or restoring. Pure, apart from `fetchDiscoveryDocuments`.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { kubeRequest } from "../apply/request";
import { AGGREGATED_DISCOVERY_ACCEPT } from "../openapi/discovery";
import type { ListableKind } from "./types";

interface DiscoveryResource {
  resource?: string;
  responseKind?: { kind?: string };
  scope?: string;
  verbs?: string[];
}
interface DiscoveryList {
  items?: {
    metadata?: { name?: string };
    versions?: { version?: string; resources?: DiscoveryResource[] }[];
  }[];
}

/** Whole API groups left out: usage samples, not state. */
const SKIPPED_GROUPS = new Set(["metrics.k8s.io", "custom.metrics.k8s.io", "external.metrics.k8s.io"]);

/**
 * `<group>/<resource>` left out ("" group = core):
 * - events: kept as the manifest's events summary, never restored;
 * - componentstatuses: a deprecated health probe, not state;
 * - endpoints: deprecated, derived from Services (EndpointSlices are kept, marked owned);
 * - leases: heartbeats that change every few seconds and would make every diff noisy.
 * Non-listable kinds (bindings, tokenreviews, *subjectaccessreviews) fall out by the verb check.
 */
const SKIPPED_RESOURCES = new Set([
  "/events",
  "events.k8s.io/events",
  "/componentstatuses",
  "/endpoints",
  "coordination.k8s.io/leases",
]);

export function listableKinds(discoveryDocuments: readonly unknown[]): ListableKind[] {
  const out: ListableKind[] = [];
  const seen = new Set<string>();
  for (const doc of discoveryDocuments) {
    for (const group of (doc as DiscoveryList)?.items ?? []) {
      const groupName = group.metadata?.name ?? "";
      if (SKIPPED_GROUPS.has(groupName)) continue;
      // Versions come in preference order: a kind is taken from the first version that serves it.
      for (const v of group.versions ?? []) {
        if (!v.version) continue;
        for (const r of v.resources ?? []) {
          const kind = r.responseKind?.kind;
          if (!kind || !r.resource || r.resource.includes("/")) continue;
          if (!r.verbs?.includes("list")) continue;
          if (SKIPPED_RESOURCES.has(`${groupName}/${r.resource}`)) continue;
          const id = `${groupName}/${kind}`;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push({
            group: groupName,
            version: v.version,
            apiVersion: groupName ? `${groupName}/${v.version}` : v.version,
            kind,
            resource: r.resource,
            namespaced: r.scope === "Namespaced",
          });
        }
      }
    }
  }
  return out;
}

/** Kinds a scope collects: namespace scope never reaches a cluster-scoped kind (Namespaces are read one by one). */
export function kindsInScope(
  kinds: readonly ListableKind[],
  scope: "namespaces" | "cluster",
): ListableKind[] {
  return scope === "cluster" ? [...kinds] : kinds.filter((k) => k.namespaced);
}

const DISCOVERY_MAX_BYTES = 16 * 1024 * 1024;

/** The two aggregated discovery documents, as whoever `kc` is. */
export async function fetchDiscoveryDocuments(kc: KubeConfig): Promise<unknown[]> {
  return Promise.all(
    ["/api", "/apis"].map(async (path) => {
      const answer = await kubeRequest(kc, {
        method: "GET",
        path,
        accept: AGGREGATED_DISCOVERY_ACCEPT,
        maxBytes: DISCOVERY_MAX_BYTES,
      });
      if (answer.status !== 200) throw new Error(`API discovery (${path}) answered HTTP ${answer.status}`);
      return JSON.parse(answer.text) as unknown;
    }),
  );
}

/** The server's version, e.g. "1.34.1" (from `/version`'s gitVersion, without the leading "v"). */
export async function fetchServerVersion(kc: KubeConfig): Promise<string> {
  const answer = await kubeRequest(kc, { method: "GET", path: "/version", maxBytes: 64 * 1024 });
  if (answer.status !== 200) return "unknown";
  const git = (JSON.parse(answer.text) as { gitVersion?: string }).gitVersion ?? "unknown";
  return git.replace(/^v/, "").replace(/[-+].*$/, "");
}
