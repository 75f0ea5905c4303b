/**
 * A list of Kubernetes objects kept current by watch events, as pure
 * functions: plain data in, plain data out, no I/O and no clock (headlamp's
 * KubeList.ts, with resourceVersion checks and relists added).
 *
 * The state is immutable: `apply`, `applyAll` and `replace` return a new
 * state (the input is never changed) plus the changes they made, so a
 * reader holding an older state keeps a consistent snapshot for free and a
 * subscriber can be told exactly what changed. `applyAll` copies the map
 * once per batch, not once per event, which is what keeps 10,000 objects
 * cheap to maintain.
 */

/** The part of an object this module reads: any Kubernetes object fits (V1Pod, V1ConfigMap, ...). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    annotations?: { [key: string]: string };
    managedFields?: unknown;
  };
}

export interface ListState<T extends KubeObject = KubeObject> {
  /** Keyed by `namespace/name` (`name` for cluster-scoped objects), see objectKey(). */
  readonly items: ReadonlyMap<string, T>;
  /** The newest resourceVersion seen (list, event or bookmark); "" before the first list. */
  readonly resourceVersion: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

/** A LIST response (or any page-joined equivalent). */
export interface ObjectList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  /** e.g. "PodList": list items carry no kind, so it is filled in from here. */
  kind?: string;
  metadata?: { resourceVersion?: string };
  items: T[];
}

/**
 * What happened to one key across a call, coalesced: added then modified is
 * "added", added then deleted is nothing, deleted then re-created is
 * "modified". `object` is the latest object (for "deleted", the last one known).
 */
export interface Change<T extends KubeObject = KubeObject> {
  type: "added" | "modified" | "deleted";
  key: string;
  object: T;
}

export interface Reduced<T extends KubeObject = KubeObject> {
  state: ListState<T>;
  changes: Change<T>[];
}

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

export function emptyState<T extends KubeObject = KubeObject>(): ListState<T> {
  return { items: new Map(), resourceVersion: "" };
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(object: KubeObject): string {
  const name = object.metadata?.name ?? "";
  const namespace = object.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * Compares two resourceVersions when both are canonical decimal integers
 * (what kube-apiserver on etcd hands out, and what KEP-5504 lets clients
 * compare); undefined when they are not comparable (opaque per the API
 * contract: another storage may use anything).
 */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b || !isDecimal(a) || !isDecimal(b)) return undefined;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDecimal(value: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(value);
}

/**
 * A copy without `metadata.managedFields` and the last-applied annotation:
 * together they are often more than half of an object's bytes, and no
 * reader of the cache needs them. The input is not changed.
 */
export function slim<T extends KubeObject>(object: T): T {
  const metadata = object.metadata;
  if (!metadata) return object;
  const hasLastApplied =
    metadata.annotations !== undefined && LAST_APPLIED_ANNOTATION in metadata.annotations;
  if (metadata.managedFields === undefined && !hasLastApplied) return object;
  const { managedFields: _managedFields, annotations: allAnnotations, ...rest } = metadata;
  let annotations = allAnnotations;
  if (hasLastApplied && allAnnotations) {
    const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...others } = allAnnotations;
    annotations = Object.keys(others).length ? others : undefined;
  }
  return { ...object, metadata: annotations ? { ...rest, annotations } : rest } as T;
}

/** Applies one event; see applyAll. */
export function apply<T extends KubeObject>(state: ListState<T>, event: WatchEvent<T>): Reduced<T> {
  return applyAll(state, [event]);
}

/** How an incoming object is made ready for storing (default: slim); must not change its input. */
export type Prepare<T extends KubeObject> = (object: T) => T;

/**
 * Applies watch events in order. An ADDED/MODIFIED/DELETED event whose
 * object is older than the stored one (comparable resourceVersions only) is
 * ignored, as is a DELETED event for an unknown key; equal versions are no
 * change. BOOKMARK only moves resourceVersion. resourceVersion never moves
 * backwards when versions are comparable. The map is copied at most once.
 */
export function applyAll<T extends KubeObject>(
  state: ListState<T>,
  events: readonly WatchEvent<T>[],
  prepare: Prepare<T> = slim,
): Reduced<T> {
  let items: Map<string, T> | undefined;
  const current = () => items ?? state.items;
  const writable = () => {
    items ??= new Map(state.items);
    return items;
  };
  let resourceVersion = state.resourceVersion;
  /** Key -> the object before this call (undefined when absent); only for touched keys. */
  const before = new Map<string, T | undefined>();
  /** Key -> last object seen for it in this call (for a "deleted" change). */
  const lastSeen = new Map<string, T>();

  for (const event of events) {
    const rv = event.object?.metadata?.resourceVersion;
    if (event.type === "BOOKMARK") {
      resourceVersion = newer(resourceVersion, rv);
      continue;
    }
    if (event.type !== "ADDED" && event.type !== "MODIFIED" && event.type !== "DELETED") continue;
    const key = objectKey(event.object);
    const stored = current().get(key);
    const order = stored ? compareResourceVersions(rv, stored.metadata?.resourceVersion) : undefined;
    if (event.type === "DELETED") {
      if (!stored || (order !== undefined && order < 0)) continue;
      if (!before.has(key)) before.set(key, stored);
      lastSeen.set(key, prepare(event.object));
      writable().delete(key);
    } else {
      if (order !== undefined && order <= 0) continue;
      if (!before.has(key)) before.set(key, stored);
      const object = prepare(event.object);
      lastSeen.set(key, object);
      writable().set(key, object);
    }
    resourceVersion = newer(resourceVersion, rv);
  }

  const finalItems = current();
  const changes: Change<T>[] = [];
  for (const [key, old] of before) {
    const now = finalItems.get(key);
    if (old && now) changes.push({ type: "modified", key, object: now });
    else if (!old && now) changes.push({ type: "added", key, object: now });
    else if (old && !now) changes.push({ type: "deleted", key, object: lastSeen.get(key) ?? old });
  }
  if (finalItems === state.items && resourceVersion === state.resourceVersion) return { state, changes };
  return { state: { items: finalItems, resourceVersion }, changes };
}

/**
 * Replaces the state with a complete LIST (after a relist, e.g. on 410
 * Gone): the list is the truth. Changes are the difference to the old
 * state; an object whose resourceVersion did not change keeps its old
 * reference and is not reported.
 */
export function replace<T extends KubeObject>(
  state: ListState<T>,
  list: ObjectList<T>,
  prepare: Prepare<T> = slim,
): Reduced<T> {
  const kind = list.kind?.endsWith("List") ? list.kind.slice(0, -"List".length) : undefined;
  const items = new Map<string, T>();
  const changes: Change<T>[] = [];
  for (const raw of list.items) {
    const withType =
      (raw.kind === undefined && kind) || (raw.apiVersion === undefined && list.apiVersion)
        ? { ...raw, kind: raw.kind ?? kind, apiVersion: raw.apiVersion ?? list.apiVersion }
        : raw;
    const key = objectKey(withType);
    const old = state.items.get(key);
    if (old && sameVersion(old, withType)) {
      items.set(key, old);
      continue;
    }
    const object = prepare(withType);
    items.set(key, object);
    changes.push({ type: old ? "modified" : "added", key, object });
  }
  for (const [key, old] of state.items) {
    if (!items.has(key)) changes.push({ type: "deleted", key, object: old });
  }
  return { state: { items, resourceVersion: list.metadata?.resourceVersion ?? "" }, changes };
}

function sameVersion(a: KubeObject, b: KubeObject): boolean {
  const rv = a.metadata?.resourceVersion;
  return rv !== undefined && rv === b.metadata?.resourceVersion && a.metadata?.uid === b.metadata?.uid;
}

function newer(current: string, candidate: string | undefined): string {
  if (!candidate) return current;
  const order = compareResourceVersions(candidate, current);
  return order === undefined || order > 0 ? candidate : current;
}
