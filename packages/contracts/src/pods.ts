import { z } from "zod";
import { ClusterId } from "./clusters";

/** A Kubernetes namespace name (an RFC 1123 label). */
export const NamespaceName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes namespace name");

/**
 * How fresh the cluster's list behind an answer is: "syncing", "ready",
 * "stale" (the last known items), or not held at all: "forbidden" (the
 * cluster refused ClusterCord's own credentials) or "too-large" (the list
 * passed one of ClusterCord's limits).
 */
export const ResourceSyncState = z.enum(["syncing", "ready", "stale", "forbidden", "too-large"]);
export type ResourceSyncState = z.infer<typeof ResourceSyncState>;

/** The limits on what ClusterCord holds of a cluster (see the kube package's cache limits). */
export const CacheLimitName = z.enum([
  "objects",
  "bytes",
  "response-bytes",
  "pages",
  "caches-per-cluster",
  "process-objects",
  "process-bytes",
]);
export type CacheLimitName = z.infer<typeof CacheLimitName>;

export const CacheLimitExceeded = z.object({ name: CacheLimitName, max: z.number().int().min(0) });
export type CacheLimitExceeded = z.infer<typeof CacheLimitExceeded>;

/** Why a list is not served ("forbidden", "too-large"): words for people, the same in every client. */
export const CacheProblem = z.object({
  message: z.string(),
  /** For "too-large": the limit the list passed. */
  limit: CacheLimitExceeded.optional(),
});
export type CacheProblem = z.infer<typeof CacheProblem>;

export const PodsListInput = z.object({
  clusterId: ClusterId,
  namespace: NamespaceName,
  /** Case-insensitive substring of the pod's name, node or status. */
  search: z.string().trim().max(253).optional(),
  /** Offset into the name-sorted list: the previous answer's nextCursor. */
  cursor: z.number().int().min(0).max(1_000_000).optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
});
export type PodsListInput = z.input<typeof PodsListInput>;

/** The tone of a pod's status badge. */
export const PodStatusTone = z.enum(["ok", "pending", "warning", "error", "done"]);
export type PodStatusTone = z.infer<typeof PodStatusTone>;

export const PodSummary = z.object({
  name: z.string(),
  namespace: z.string(),
  /** Pending, Running, Succeeded, Failed or Unknown. */
  phase: z.string(),
  /** Ready containers / containers, e.g. "1/2". */
  ready: z.string(),
  restarts: z.number().int().min(0),
  /** The node it runs on, empty until scheduled. */
  node: z.string(),
  createdAt: z.string(),
  /** The badge text, as kubectl's STATUS column: Running, CrashLoopBackOff, Terminating, Completed, ... */
  status: z.string(),
  tone: PodStatusTone,
});
export type PodSummary = z.infer<typeof PodSummary>;

export const PodsListOutput = z.object({
  pods: z.array(PodSummary),
  /** Pods matching the namespace and search (all pages). */
  total: z.number().int().min(0),
  /** The cursor of the next page, null on the last one. */
  nextCursor: z.number().int().min(0).nullable(),
  state: ResourceSyncState,
  /** Set when the state is "forbidden" or "too-large". */
  problem: CacheProblem.optional(),
  resourceVersion: z.string(),
});
export type PodsListOutput = z.infer<typeof PodsListOutput>;

/**
 * Live pod lists over socket.io: the browser subscribes to one namespace of
 * one cluster (authorized as pods.list, from the socket's own session, and
 * checked again while open) and receives the changes in batches.
 */
export const podsEvents = {
  /** client -> server, `PodsSubscribeInput`, acked with `PodsSubscribeAck`. */
  subscribe: "pods:subscribe",
  /** client -> server, `PodsSubscribeInput`. */
  unsubscribe: "pods:unsubscribe",
  /** server -> client, `PodsChangedEvent`. */
  changed: "pods:changed",
  /** server -> client, `PodsSubscriptionError`: the subscription ended (access gone). */
  error: "pods:error",
} as const;

export const PodsSubscribeInput = z.object({ clusterId: ClusterId, namespace: NamespaceName });
export type PodsSubscribeInput = z.infer<typeof PodsSubscribeInput>;

export const PodsSubscribeAck = z.union([
  z.object({ ok: z.literal(true), state: ResourceSyncState, resourceVersion: z.string() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type PodsSubscribeAck = z.infer<typeof PodsSubscribeAck>;

export const PodsChangedEvent = z.object({
  clusterId: ClusterId,
  namespace: z.string(),
  /** Pods added or changed since the last event, as they are now. */
  upserted: z.array(PodSummary),
  /** Names of pods gone since the last event. */
  deleted: z.array(z.string()),
  state: ResourceSyncState,
  resourceVersion: z.string(),
});
export type PodsChangedEvent = z.infer<typeof PodsChangedEvent>;

export const PodsSubscriptionError = z.object({
  clusterId: ClusterId,
  namespace: z.string(),
  code: z.string(),
  message: z.string(),
});
export type PodsSubscriptionError = z.infer<typeof PodsSubscriptionError>;
