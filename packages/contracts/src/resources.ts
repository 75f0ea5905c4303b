import { z } from "zod";
import { ClusterId } from "./clusters";
import { CacheProblem, NamespaceName, PodStatusTone, ResourceSyncState } from "./pods";

/** A kind of the resource browser: a built-in plural ("deployments") or `<plural>.<group>` of a CRD. */
export const ResourceKindKey = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    "must be a resource kind such as deployments or widgets.example.com",
  );

/** An object name (DNS subdomain or path-segment name; kept loose, validated by the cluster). */
export const ObjectName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[^/\s%]+$/, "must be a Kubernetes object name");

export const KindCategory = z.enum(["workloads", "network", "config", "storage", "cluster", "custom"]);

export const ResourceKindInfo = z.object({
  key: ResourceKindKey,
  kind: z.string(),
  group: z.string(),
  version: z.string(),
  namespaced: z.boolean(),
  category: KindCategory,
  /** Column titles after Name, Namespace, Status and Age. */
  columns: z.array(z.string()),
});
export type ResourceKindInfo = z.infer<typeof ResourceKindInfo>;

export const ResourceKindsInput = z.object({ clusterId: ClusterId });
export const ResourceKindsOutput = z.object({
  kinds: z.array(ResourceKindInfo),
  /** Custom resources are found through the cluster's CRDs; false while they cannot be read. */
  customResourcesKnown: z.boolean(),
});
export type ResourceKindsOutput = z.infer<typeof ResourceKindsOutput>;

export const ResourceSort = z.enum(["name", "namespace", "status", "age"]);

export const ResourcesListInput = z.object({
  clusterId: ClusterId,
  kind: ResourceKindKey,
  /** Omitted: every namespace the person may list this kind in (ignored for cluster-scoped kinds). */
  namespace: NamespaceName.optional(),
  /** Case-insensitive substring of the name, status or any column. */
  search: z.string().trim().max(253).optional(),
  /** A label selector, as `kubectl get -l`. */
  labelSelector: z.string().trim().max(1024).optional(),
  sort: ResourceSort.default("name"),
  descending: z.boolean().default(false),
  cursor: z.number().int().min(0).max(1_000_000).optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
});
export type ResourcesListInput = z.input<typeof ResourcesListInput>;

export const ResourceRow = z.object({
  name: z.string(),
  /** Empty for cluster-scoped objects. */
  namespace: z.string(),
  status: z.string(),
  tone: PodStatusTone,
  createdAt: z.string(),
  /** One per column of the kind. */
  cells: z.array(z.string()),
});
export type ResourceRow = z.infer<typeof ResourceRow>;

export const ResourcesListOutput = z.object({
  kind: ResourceKindInfo,
  rows: z.array(ResourceRow),
  total: z.number().int().min(0),
  nextCursor: z.number().int().min(0).nullable(),
  state: ResourceSyncState,
  /** Set when the state is "forbidden" or "too-large". */
  problem: CacheProblem.optional(),
  resourceVersion: z.string(),
});
export type ResourcesListOutput = z.infer<typeof ResourcesListOutput>;

export const ResourcesGetInput = z.object({
  clusterId: ClusterId,
  kind: ResourceKindKey,
  /** Required for namespaced kinds. */
  namespace: NamespaceName.optional(),
  name: ObjectName,
});
export type ResourcesGetInput = z.input<typeof ResourcesGetInput>;

export const ResourceEvent = z.object({
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  count: z.number().int(),
  lastSeen: z.string(),
});
export type ResourceEvent = z.infer<typeof ResourceEvent>;

export const RelatedObject = z.object({
  relation: z.enum(["owner", "owns", "selects", "selected by", "routes to", "uses", "used by", "runs on"]),
  /** A kind key the browser knows, else the kind's name. */
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  detail: z.string().optional(),
  /** Whether the person may open it (list its kind there): clients link only these. */
  readable: z.boolean(),
});
export type RelatedObject = z.infer<typeof RelatedObject>;

export const ResourceDetail = z.object({
  kind: ResourceKindInfo,
  row: ResourceRow,
  fields: z.array(z.object({ label: z.string(), value: z.string() })),
  /** The object as YAML (managedFields dropped; a Secret without its values). */
  yaml: z.string(),
  /** Newest first; null when the person may not list events there. */
  events: z.array(ResourceEvent).nullable(),
  related: z.array(RelatedObject),
  state: ResourceSyncState,
});
export type ResourceDetail = z.infer<typeof ResourceDetail>;

/**
 * Live resource lists over socket.io: the browser subscribes to one kind
 * (in one namespace, or all of the person's) and is told, at most every
 * 250 ms, that something in it changed; it then asks resources.list again
 * (served from the same shared cache). Authorized like resources.list and
 * checked again while open.
 */
export const resourcesEvents = {
  /** client -> server, `ResourcesSubscribeInput`, acked with `ResourcesSubscribeAck`. */
  subscribe: "resources:subscribe",
  /** client -> server, `ResourcesSubscribeInput`. */
  unsubscribe: "resources:unsubscribe",
  /** server -> client, `ResourcesChangedEvent`. */
  changed: "resources:changed",
  /** server -> client, `ResourcesSubscriptionError`: the subscription ended (access gone). */
  error: "resources:error",
} as const;

export const ResourcesSubscribeInput = z.object({
  clusterId: ClusterId,
  kind: ResourceKindKey,
  namespace: NamespaceName.optional(),
});
export type ResourcesSubscribeInput = z.infer<typeof ResourcesSubscribeInput>;

export const ResourcesSubscribeAck = z.union([
  z.object({ ok: z.literal(true), state: ResourceSyncState, resourceVersion: z.string() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type ResourcesSubscribeAck = z.infer<typeof ResourcesSubscribeAck>;

export const ResourcesChangedEvent = ResourcesSubscribeInput.extend({
  /** Objects added, changed or deleted since the last event. */
  changed: z.number().int().min(0),
  state: ResourceSyncState,
  resourceVersion: z.string(),
});
export type ResourcesChangedEvent = z.infer<typeof ResourcesChangedEvent>;

export const ResourcesSubscriptionError = ResourcesSubscribeInput.extend({
  code: z.string(),
  message: z.string(),
});
export type ResourcesSubscriptionError = z.infer<typeof ResourcesSubscriptionError>;
