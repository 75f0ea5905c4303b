/**
 * Which kinds a cluster serves, where, and whether they are namespaced: the
 * aggregated discovery documents (`/api` and `/apis`, apidiscovery.k8s.io/v2,
 * GA since 1.30) parsed into a lookup. Pure.
 */

export const AGGREGATED_DISCOVERY_ACCEPT =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;q=0.9";

export interface KindInfo {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name in URLs (`deployments`). */
  resource: string;
  namespaced: boolean;
}

export interface Discovery {
  /** The kind served at `apiVersion` (`apps/v1`, `v1`), or undefined when the cluster does not serve it. */
  find(apiVersion: string, kind: string): KindInfo | undefined;
  /** Whether the cluster serves this group-version at all. */
  hasGroupVersion(apiVersion: string): boolean;
}

interface DiscoveryResource {
  resource?: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
}
interface DiscoveryList {
  items?: {
    metadata?: { name?: string };
    versions?: { version?: string; resources?: DiscoveryResource[] }[];
  }[];
}

const key = (apiVersion: string, kind: string) => `${apiVersion}|${kind}`;

/** Builds the lookup from the two aggregated documents (core `/api` and `/apis`). */
export function parseDiscovery(documents: readonly unknown[]): Discovery {
  const kinds = new Map<string, KindInfo>();
  const groupVersions = new Set<string>();
  for (const doc of documents) {
    for (const group of (doc as DiscoveryList)?.items ?? []) {
      const groupName = group.metadata?.name ?? "";
      for (const v of group.versions ?? []) {
        if (!v.version) continue;
        const apiVersion = groupName ? `${groupName}/${v.version}` : v.version;
        groupVersions.add(apiVersion);
        for (const r of v.resources ?? []) {
          const kind = r.responseKind?.kind;
          if (!kind || !r.resource) continue;
          const id = key(apiVersion, kind);
          // A kind served by several resources (rare): keep the first, as kubectl's RESTMapper does.
          if (kinds.has(id)) continue;
          kinds.set(id, {
            group: groupName,
            version: v.version,
            kind,
            resource: r.resource,
            namespaced: r.scope === "Namespaced",
          });
        }
      }
    }
  }
  return {
    find: (apiVersion, kind) => kinds.get(key(apiVersion, kind)),
    hasGroupVersion: (apiVersion) => groupVersions.has(apiVersion),
  };
}

/** `apps/v1` → {group: "apps", version: "v1"}; `v1` → core. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The REST path of an object (or of its collection when `name` is omitted). */
export function objectPath(info: KindInfo, namespace: string | null, name?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${info.resource}${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;
}

/** The OpenAPI v3 index key of a group-version: `api/v1`, `apis/apps/v1`. */
export const openApiPathOf = (apiVersion: string) => {
  const { group, version } = splitApiVersion(apiVersion);
  return group ? `apis/${group}/${version}` : `api/${version}`;
};
