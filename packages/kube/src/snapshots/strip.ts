/**
 * What an object becomes in a snapshot: the fields that describe what was
 * asked for, without what the server fills in (status, uid,
 * resourceVersion, managedFields, ...). Secrets lose their values: the key
 * names stay, the values go into `sealedData`, sealed by an injected
 * function. Pure.
 */
import { createHash } from "node:crypto";
import type { IndexEntry, ListableKind, ObjectIdentity, SnapshotObject } from "./types";

const DROPPED_METADATA = [
  "managedFields",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "selfLink",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
];
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * The stripped copy of a listed object (list items carry no apiVersion/kind:
 * they come from `kind`). A Secret's values are NOT handled here: see
 * `secretParts` and `withSealedData`.
 */
export function stripObject(
  raw: Record<string, unknown>,
  kind: Pick<ListableKind, "apiVersion" | "kind">,
): SnapshotObject {
  const { metadata: rawMeta, status: _status, apiVersion: _a, kind: _k, ...rest } = raw;
  const metadata: Record<string, unknown> = { ...(rawMeta as Record<string, unknown>) };
  for (const field of DROPPED_METADATA) delete metadata[field];
  const annotations = metadata.annotations as Record<string, string> | undefined;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _last, ...others } = annotations;
    if (Object.keys(others).length > 0) metadata.annotations = others;
    else delete metadata.annotations;
  }
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    metadata: metadata as SnapshotObject["metadata"],
    ...rest,
  };
}

export const isSecret = (o: Pick<ObjectIdentity, "apiVersion" | "kind">) =>
  o.apiVersion === "v1" && o.kind === "Secret";

/** A Secret split into its values (base64, as the API gives them) and the rest with the key names only. */
export function secretParts(stripped: SnapshotObject): {
  data: Record<string, string>;
  rest: SnapshotObject;
} {
  const { data, stringData, ...rest } = stripped as SnapshotObject & {
    data?: Record<string, string>;
    stringData?: Record<string, string>;
  };
  const values: Record<string, string> = { ...(data ?? {}) };
  for (const [k, v] of Object.entries(stringData ?? {}))
    values[k] = Buffer.from(v, "utf8").toString("base64");
  return { data: values, rest: { ...rest, keys: Object.keys(values).sort() } as SnapshotObject };
}

/** The stored form of a Secret: key names plus the sealed values. */
export function withSealedData(rest: SnapshotObject, sealed: string): SnapshotObject {
  return { ...rest, sealedData: sealed } as SnapshotObject;
}

/** A Secret's key names as stored. */
export const secretKeys = (o: SnapshotObject): string[] =>
  Array.isArray(o.keys) ? (o.keys as string[]) : [];

/** Created by a controller or the control plane: restore leaves it to them. */
export function isOwned(o: SnapshotObject): boolean {
  const refs = o.metadata.ownerReferences as { controller?: boolean }[] | undefined;
  if (refs?.some((r) => r.controller === true)) return true;
  // Published into every namespace by the root CA publisher; it rewrites it anyway.
  if (o.kind === "ConfigMap" && o.metadata.name === "kube-root-ca.crt") return true;
  // Mirrored Endpoints slices of selector-less Services: the mirroring controller owns them.
  const labels = o.metadata.labels as Record<string, string> | undefined;
  if (o.kind === "EndpointSlice" && labels?.["endpointslice.kubernetes.io/managed-by"]) return true;
  // Registered by kubelets, not by people.
  if (o.apiVersion === "v1" && o.kind === "Node") return true;
  if (o.kind === "CSINode") return true;
  // Reconciled by the API server itself at every start.
  if (labels?.["kubernetes.io/bootstrapping"] === "rbac-defaults") return true;
  if (labels?.["kube-aggregator.kubernetes.io/automanaged"]) return true;
  const annotations = o.metadata.annotations as Record<string, string> | undefined;
  if (annotations?.["apf.kubernetes.io/autoupdate-spec"] === "true") return true;
  return false;
}

/** JSON with object keys sorted at every level: the same object always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/**
 * The object's hash for comparisons. A Secret's sealed values are left out
 * (sealing is randomised: the same values seal differently each time); its
 * values are compared through the injected `compareSecret` instead.
 */
export function objectHash(o: SnapshotObject): string {
  const { sealedData: _sealed, ...rest } = o as SnapshotObject & { sealedData?: unknown };
  return createHash("sha256").update(canonicalJson(rest)).digest("hex");
}

export const identityOf = (o: SnapshotObject): ObjectIdentity => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: (o.metadata.namespace as string | undefined) ?? "",
  name: o.metadata.name,
});

/** `apiVersion|kind|namespace|name`: one object's key across snapshots (the version is the group's only). */
export function identityKey(o: ObjectIdentity): string {
  const slash = o.apiVersion.indexOf("/");
  const group = slash < 0 ? "" : o.apiVersion.slice(0, slash);
  return `${group}|${o.kind}|${o.namespace}|${o.name}`;
}

/** The archive file of a kind in a namespace ("" = cluster-scoped); `part` > 1 when a file was split. */
export function archiveFileOf(
  kind: Pick<ListableKind, "group" | "kind">,
  namespace: string,
  part = 1,
): string {
  const dir = namespace || "_cluster";
  const suffix = part > 1 ? `.${part}` : "";
  return `objects/${dir}/${kind.kind.toLowerCase()}.${kind.group || "core"}${suffix}.yaml`;
}

/** The index entry of a stripped object. */
export function indexEntryOf(o: SnapshotObject, file: string, doc: number): IndexEntry {
  return { ...identityOf(o), file, doc, hash: objectHash(o), owned: isOwned(o) };
}

/** What the side-by-side viewer shows of an object: a Secret without its sealed values. */
export function viewableObject(o: SnapshotObject): SnapshotObject {
  if (!isSecret(o)) return o;
  const { sealedData: _sealed, ...rest } = o as SnapshotObject & { sealedData?: unknown };
  return rest as SnapshotObject;
}
