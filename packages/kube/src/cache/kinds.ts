/**
 * Where a resource type lives on the API server. The types themselves come
 * from the one catalog of kinds (../resources/catalog): this is not a second
 * table.
 */
import { BUILTIN_KINDS, type BuiltinKindKey } from "../resources/catalog";

export interface ResourceType {
  /** API group, "" for the core group. */
  group: string;
  version: string;
  /** Plural resource name, e.g. "pods". */
  resource: string;
}

/** The built-in kinds' types by key (`RESOURCE_TYPES.pods`); any other is `{ group, version, resource }`. */
export const RESOURCE_TYPES = Object.fromEntries(BUILTIN_KINDS.map((k) => [k.key, k.type])) as Readonly<
  Record<BuiltinKindKey, ResourceType>
>;

/** `/api/v1/pods`, `/apis/apps/v1/namespaces/web/deployments`, ... */
export function resourcePath(type: ResourceType, namespace?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${type.resource}`;
}

/** A cache's server-side filters, sent with every LIST and WATCH. */
export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}
