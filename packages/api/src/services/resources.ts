/**
 * The resource browser: every built-in kind and every CRD, listed and
 * described from the cluster's shared watch-backed caches, authorized per
 * person (read-access.ts) and never broader than what they may list.
 */
import {
  AppError,
  type ResourceDetail,
  type ResourceKindInfo,
  type ResourceKindsOutput,
  type ResourceRow,
  type ResourcesGetInput,
  type ResourcesListInput,
  type ResourcesListOutput,
} from "@clustercord/contracts";
import {
  BUILTIN_KINDS,
  builtinKind,
  customKind,
  describeFields,
  eventsAbout,
  LabelSelectorError,
  type Lookup,
  matchesLabels,
  type Obj,
  objectKey,
  objectYaml,
  parseLabelSelector,
  type ResourceKind,
  redactSecret,
  relatedObjects,
} from "@clustercord/kube";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { cacheProblem, throwCacheProblem } from "./cache-problem";
import { openClusterFor } from "./cluster-access";
import {
  type Actor,
  mayList,
  type OpenedCluster,
  settled,
  sharedCache,
  visibleNamespaces,
} from "./read-access";

const crdKind = builtinKind("customresourcedefinitions") as ResourceKind;
const eventsKind = builtinKind("events") as ResourceKind;

export const kindInfo = (k: ResourceKind): ResourceKindInfo => ({
  key: k.key,
  kind: k.kind,
  group: k.type.group,
  version: k.type.version,
  namespaced: k.namespaced,
  category: k.category,
  columns: [...k.columns],
});

/** The cluster's custom kinds, from its CRDs (read with ClusterCord's credentials: discovery is open to every authenticated user). */
async function customKinds(deps: ApiDeps, cluster: OpenedCluster): Promise<ResourceKind[] | undefined> {
  const cache = await settled(sharedCache<Obj>(deps, cluster, crdKind.type));
  // Not known while syncing, nor when the CRDs cannot be held (forbidden, too large).
  if (cache.state.status === "syncing" || cache.isFinal) return undefined;
  const kinds: ResourceKind[] = [];
  for (const crd of cache.snapshot().items.values()) {
    const k = customKind(crd);
    if (k && !builtinKind(k.key)) kinds.push(k);
  }
  return kinds.sort((a, b) => a.key.localeCompare(b.key));
}

export async function listKinds(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
): Promise<ResourceKindsOutput> {
  const cluster = await openClusterFor(deps, actor.guildId, clusterId);
  const custom = await customKinds(deps, cluster);
  return {
    kinds: [...BUILTIN_KINDS, ...(custom ?? [])].map(kindInfo),
    customResourcesKnown: custom !== undefined,
  };
}

async function resolveKind(deps: ApiDeps, cluster: OpenedCluster, key: string): Promise<ResourceKind> {
  const kind = builtinKind(key) ?? (await customKinds(deps, cluster))?.find((k) => k.key === key);
  if (!kind) throw new AppError("NOT_FOUND", { userMessage: `This cluster has no resource kind "${key}".` });
  return kind;
}

const cacheOf = (deps: ApiDeps, cluster: OpenedCluster, kind: ResourceKind) =>
  settled(sharedCache<Obj>(deps, cluster, kind.type, kind.key === "secrets" ? redactSecret : undefined));

const refused = (kind: ResourceKind, where: string) =>
  new AppError("FORBIDDEN", { userMessage: `You may not list ${kind.key} ${where} on this cluster.` });

/**
 * Which namespaces' objects of `kind` the person may see: "all", a set, or
 * for cluster-scoped kinds "all" (after a cluster-wide check). Namespaces
 * themselves are the person's visible namespaces.
 */
async function readableScope(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  kind: ResourceKind,
  namespace: string | undefined,
): Promise<ReadableScope> {
  if (kind.key === "namespaces") return new Set(await visibleNamespaces(deps, actor, cluster));
  if (!kind.namespaced) {
    if (await mayList(deps, actor, cluster, kind.type, undefined)) return "all";
    throw refused(kind, "cluster-wide");
  }
  if (namespace !== undefined) {
    if (await mayList(deps, actor, cluster, kind.type, namespace)) return new Set([namespace]);
    throw refused(kind, "in that namespace");
  }
  if (await mayList(deps, actor, cluster, kind.type, undefined)) return "all";
  const mine = await visibleNamespaces(deps, actor, cluster);
  const allowed = await Promise.all(mine.map((ns) => mayList(deps, actor, cluster, kind.type, ns)));
  const scope = new Set(mine.filter((_, i) => allowed[i]));
  if (!scope.size) throw refused(kind, "in any of your namespaces");
  return scope;
}

export type ReadableScope = "all" | Set<string>;

/** Whether `o` is in what the person may see of its kind. */
export const inScope = (scope: ReadableScope, kind: ResourceKind, o: Obj) =>
  scope === "all" ||
  scope.has(kind.key === "namespaces" ? (o.metadata?.name ?? "") : (o.metadata?.namespace ?? ""));

const iso = (value: unknown) =>
  value instanceof Date ? value.toISOString() : typeof value === "string" ? value : "";

function toRow(kind: ResourceKind, o: Obj): ResourceRow {
  const row = kind.row(o);
  return {
    name: o.metadata?.name ?? "",
    namespace: o.metadata?.namespace ?? "",
    status: row.status,
    tone: row.tone,
    createdAt: iso(o.metadata?.creationTimestamp),
    cells: row.cells,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorters: Record<"name" | "namespace" | "status" | "age", (a: ResourceRow, b: ResourceRow) => number> = {
  name: (a, b) => compare(a.name, b.name) || compare(a.namespace, b.namespace),
  namespace: (a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name),
  status: (a, b) => compare(a.status, b.status) || compare(a.name, b.name),
  // Oldest first, as "age" grows downwards.
  age: (a, b) => compare(b.createdAt, a.createdAt) || compare(a.name, b.name),
};

/**
 * The cluster's shared cache of a kind, for a person who may list it in
 * `namespace` (or in the namespaces `scope` names): what list pages and live
 * subscriptions read.
 */
export async function openResourceList(
  deps: ApiDeps,
  actor: Actor,
  target: { clusterId: string; kind: string; namespace?: string | undefined },
) {
  const cluster = await openClusterFor(deps, actor.guildId, target.clusterId);
  const kind = await resolveKind(deps, cluster, target.kind);
  const scope = await readableScope(
    deps,
    actor,
    cluster,
    kind,
    kind.namespaced ? target.namespace : undefined,
  );
  return { kind, scope, cache: await cacheOf(deps, cluster, kind) };
}

export async function listResources(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof ResourcesListInput>,
): Promise<ResourcesListOutput> {
  let selector: ReturnType<typeof parseLabelSelector>;
  try {
    selector = parseLabelSelector(input.labelSelector ?? "");
  } catch (error) {
    if (error instanceof LabelSelectorError)
      throw new AppError("BAD_REQUEST", { userMessage: `Label selector: ${error.message}.` });
    throw error;
  }
  const { kind, scope, cache } = await openResourceList(deps, actor, input);
  const search = input.search?.toLowerCase();
  const rows: ResourceRow[] = [];
  for (const o of cache.snapshot().items.values()) {
    if (!inScope(scope, kind, o) || !matchesLabels(selector, o.metadata?.labels)) continue;
    const row = toRow(kind, o);
    if (search && ![row.name, row.status, ...row.cells].some((text) => text.toLowerCase().includes(search)))
      continue;
    rows.push(row);
  }
  rows.sort(sorters[input.sort]);
  if (input.descending) rows.reverse();
  const start = input.cursor ?? 0;
  const end = start + input.limit;
  return {
    kind: kindInfo(kind),
    rows: rows.slice(start, end),
    total: rows.length,
    nextCursor: end < rows.length ? end : null,
    state: cache.state.status,
    problem: cacheProblem(cache.state, kind.type.resource),
    resourceVersion: cache.resourceVersion,
  };
}

/** Related kinds looked up for a namespaced object (only those the person may list). */
const RELATED_KINDS = ["pods", "replicasets", "jobs", "services"] as const;
const MAX_EVENTS = 20;

export async function getResource(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof ResourcesGetInput>,
): Promise<ResourceDetail> {
  const cluster = await openClusterFor(deps, actor.guildId, input.clusterId);
  const kind = await resolveKind(deps, cluster, input.kind);
  const namespace = kind.namespaced ? input.namespace : undefined;
  if (kind.namespaced && !namespace)
    throw new AppError("BAD_REQUEST", { userMessage: `${kind.kind} objects live in a namespace: name one.` });
  const scope = await readableScope(deps, actor, cluster, kind, namespace);
  const cache = await cacheOf(deps, cluster, kind);
  throwCacheProblem(cache.state, kind.type.resource);
  const o = cache.get(objectKey({ metadata: { name: input.name, ...(namespace ? { namespace } : {}) } }));
  if (!o || !inScope(scope, kind, o)) {
    throw new AppError("NOT_FOUND", {
      // The caller's own words are not echoed: an error never names another tenant's namespace.
      userMessage: `No ${kind.kind} of that name${namespace ? " in that namespace" : ""}.`,
    });
  }
  const row = kind.row(o);

  /** Whether the person may list `k` where the object is (related objects and events are read only then). */
  const readable = (k: ResourceKind) => mayList(deps, actor, cluster, k.type, namespace).catch(() => false);
  const [events, lookup] = await Promise.all([
    (async () => {
      if (!(await readable(eventsKind))) return null;
      const all = (await cacheOf(deps, cluster, eventsKind)).snapshot().items.values();
      return eventsAbout(o.metadata?.uid, all, MAX_EVENTS);
    })(),
    (async (): Promise<Lookup> => {
      if (!namespace) return () => undefined;
      const found = new Map<string, Obj[]>();
      await Promise.all(
        RELATED_KINDS.map(async (key) => {
          const k = builtinKind(key) as ResourceKind;
          if (!(await readable(k))) return;
          const items = [...(await cacheOf(deps, cluster, k)).snapshot().items.values()];
          found.set(
            key,
            items.filter((x) => x.metadata?.namespace === namespace),
          );
        }),
      );
      return (key) => found.get(key);
    })(),
  ]);

  // Each related object says whether the person may open it (list its kind where it lives;
  // mayList's answers are shared, so a pod's twenty neighbours cost one question).
  const related = relatedObjects(kind, o, lookup);
  const mayOpen = (r: (typeof related)[number]) => {
    const k = builtinKind(r.kind);
    if (!k || (k.namespaced && !r.namespace)) return Promise.resolve(false);
    return mayList(deps, actor, cluster, k.type, k.namespaced ? r.namespace : undefined).catch(() => false);
  };
  const opens = await Promise.all(related.map(mayOpen));

  return {
    kind: kindInfo(kind),
    row: toRow(kind, o),
    fields: describeFields(kind, o, row),
    yaml: objectYaml(kind, o),
    events,
    related: related.map((r, i) => ({ ...r, readable: opens[i] ?? false })),
    state: cache.state.status,
  };
}
