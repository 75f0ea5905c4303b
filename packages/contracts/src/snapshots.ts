import { z } from "zod";
import { ActionPlan, ClusterId } from "./clusters";
import { NamespaceName } from "./pods";

/**
 * Cluster snapshots (guide feature 11): the objects of every listable kind
 * the person may see, taken as them in the background, stored compressed and
 * sealed in a blob store (a directory, or an S3-compatible store), with the
 * index in the database. Secrets inside stay sealed with the vault's scheme;
 * diffs name a Secret's keys, never its values.
 */

export const SnapshotId = z.string().min(1).max(64);

/** The person's namespaces, or (admins of a cluster their guild owns alone) the whole cluster. */
export const SnapshotScope = z.enum(["namespaces", "cluster"]);
export type SnapshotScope = z.infer<typeof SnapshotScope>;

export const SnapshotStatus = z.enum(["running", "ready", "failed"]);

export const SnapshotsCreateInput = z.object({
  clusterId: ClusterId,
  description: z.string().max(200).default(""),
  scope: SnapshotScope.default("namespaces"),
  /** A subset of the person's namespaces (scope "namespaces"); all of them when absent. */
  namespaces: z.array(NamespaceName).max(500).optional(),
});
export type SnapshotsCreateInput = z.input<typeof SnapshotsCreateInput>;

export const SnapshotSummary = z.object({
  id: z.string(),
  clusterId: z.string(),
  clusterName: z.string(),
  description: z.string(),
  scope: SnapshotScope,
  namespaces: z.array(z.string()),
  status: SnapshotStatus,
  /** While running: objects written so far, and the kinds done of all kinds. */
  progress: z.object({ objects: z.number().int(), kindsDone: z.number().int(), kinds: z.number().int() }),
  objectCount: z.number().int(),
  /** The stored (compressed, sealed) size. */
  bytes: z.number().int(),
  /** Kubernetes server version at the time, e.g. "1.34.1". */
  kubernetesVersion: z.string(),
  error: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  finishedAt: z.string().optional(),
  /** Set when a schedule took it. */
  scheduleId: z.string().optional(),
});
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export const SnapshotsCreateOutput = z.object({ message: z.string(), snapshot: SnapshotSummary });
export type SnapshotsCreateOutput = z.infer<typeof SnapshotsCreateOutput>;

export const SnapshotsListInput = z.object({ clusterId: ClusterId.optional() });
export const SnapshotsListOutput = z.object({ snapshots: z.array(SnapshotSummary) });
export type SnapshotsListOutput = z.infer<typeof SnapshotsListOutput>;

export const SnapshotRef = z.object({ id: SnapshotId });
export type SnapshotRef = z.infer<typeof SnapshotRef>;

/** One object's identity in a snapshot or the live cluster. */
export const SnapshotObjectRef = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  /** Empty for cluster-scoped objects. */
  namespace: z.string(),
  name: z.string(),
});
export type SnapshotObjectRef = z.infer<typeof SnapshotObjectRef>;

export const SnapshotsGetOutput = z.object({
  snapshot: SnapshotSummary,
  /** Objects per kind, and per namespace ("" for cluster-scoped). */
  kinds: z.array(z.object({ kind: z.string(), apiVersion: z.string(), count: z.number().int() })),
  namespaceCounts: z.array(z.object({ namespace: z.string(), count: z.number().int() })),
  /** The guide's metrics summary: requested and used CPU (cores) and memory (bytes) at the time. */
  metrics: z
    .object({
      cpu: z.object({ requested: z.number(), used: z.number().nullable() }),
      memory: z.object({ requested: z.number(), used: z.number().nullable() }),
    })
    .optional(),
});
export type SnapshotsGetOutput = z.infer<typeof SnapshotsGetOutput>;

/** A short-lived signed link to the `.tar.gz` (YAML per namespace/kind plus manifest.json). */
export const SnapshotsDownloadOutput = z.object({
  url: z.string(),
  filename: z.string(),
  bytes: z.number().int(),
  expiresAt: z.string(),
});
export type SnapshotsDownloadOutput = z.infer<typeof SnapshotsDownloadOutput>;

/** Two snapshots, or a snapshot against the live cluster (`to: "live"`, as the person). */
export const SnapshotsDiffInput = z.object({
  from: SnapshotId,
  to: z.union([SnapshotId, z.literal("live")]),
});
export type SnapshotsDiffInput = z.input<typeof SnapshotsDiffInput>;

/** A field that differs; values are YAML-ish text, absent when the field is absent on that side. */
export const FieldChange = z.object({
  path: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const ChangedObject = SnapshotObjectRef.extend({
  fields: z.array(FieldChange),
  /** Secrets: the keys whose values differ, added or removed; values never shown. */
  secretKeys: z
    .object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) })
    .optional(),
});
export type ChangedObject = z.infer<typeof ChangedObject>;

export const SnapshotsDiffOutput = z.object({
  from: z.string(),
  to: z.string(),
  added: z.array(SnapshotObjectRef),
  removed: z.array(SnapshotObjectRef),
  changed: z.array(ChangedObject),
  unchanged: z.number().int(),
  /** Lists are cut at 2,000 entries each; the counts are whole. */
  counts: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() }),
});
export type SnapshotsDiffOutput = z.infer<typeof SnapshotsDiffOutput>;

/** Both sides of one object as YAML, for the side-by-side viewer (Secrets: keys only). */
export const SnapshotsDiffObjectInput = SnapshotsDiffInput.extend({ object: SnapshotObjectRef });
export const SnapshotsDiffObjectOutput = z.object({
  fromYaml: z.string().nullable(),
  toYaml: z.string().nullable(),
});
export type SnapshotsDiffObjectOutput = z.infer<typeof SnapshotsDiffObjectOutput>;

export const SnapshotsRestoreSelection = SnapshotRef.extend({
  /** Only these namespaces / kinds; all of the snapshot's when absent. */
  namespaces: z.array(NamespaceName).max(500).optional(),
  kinds: z.array(z.string().max(100)).max(200).optional(),
  /** Also delete objects of the chosen kinds and namespaces that the snapshot does not hold (created since). */
  deleteNewer: z.boolean().default(false),
});
export type SnapshotsRestoreSelection = z.input<typeof SnapshotsRestoreSelection>;

export const RestoreAction = z.enum(["create", "update", "unchanged", "delete", "conflict"]);
export type RestoreAction = z.infer<typeof RestoreAction>;

export const RestoreStep = SnapshotObjectRef.extend({
  action: RestoreAction,
  /** Why a conflict or a refusal: the API server's words (a server-side dry-run as the person). */
  reason: z.string().optional(),
  fields: z.array(FieldChange).optional(),
});
export type RestoreStep = z.infer<typeof RestoreStep>;

/** The server-side dry-run, in dependency order (namespaces, CRDs, config, workloads...). */
export const SnapshotsPlanRestoreOutput = ActionPlan.extend({
  steps: z.array(RestoreStep),
  counts: z.record(RestoreAction, z.number().int()),
});
export type SnapshotsPlanRestoreOutput = z.infer<typeof SnapshotsPlanRestoreOutput>;

export const SnapshotsRestoreInput = SnapshotsRestoreSelection.extend({
  confirmToken: z.string().min(1).max(2000),
});
export type SnapshotsRestoreInput = z.input<typeof SnapshotsRestoreInput>;
export const SnapshotsRestoreOutput = z.object({
  message: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
  failed: z.array(SnapshotObjectRef.extend({ reason: z.string() })),
});
export type SnapshotsRestoreOutput = z.infer<typeof SnapshotsRestoreOutput>;

export const SnapshotsPlanDeleteOutput = ActionPlan;
export const SnapshotsDeleteInput = SnapshotRef.extend({ confirmToken: z.string().min(1).max(2000) });
export const SnapshotsDeleteOutput = z.object({ message: z.string() });

export const SnapshotSchedule = z.object({
  id: z.string(),
  clusterId: z.string(),
  clusterName: z.string(),
  every: z.enum(["daily", "weekly"]),
  /** How many of this schedule's snapshots are kept; older ones are deleted. */
  keep: z.number().int(),
  scope: SnapshotScope,
  namespaces: z.array(z.string()),
  description: z.string(),
  nextRunAt: z.string(),
  lastRunAt: z.string().optional(),
  createdBy: z.string(),
});
export type SnapshotSchedule = z.infer<typeof SnapshotSchedule>;

export const SnapshotsScheduleInput = SnapshotsCreateInput.extend({
  every: z.enum(["daily", "weekly"]),
  keep: z.number().int().min(1).max(100).default(7),
});
export type SnapshotsScheduleInput = z.input<typeof SnapshotsScheduleInput>;
export const SnapshotsScheduleOutput = z.object({ message: z.string(), schedule: SnapshotSchedule });
export const SnapshotsSchedulesInput = z.object({ clusterId: ClusterId.optional() });
export const SnapshotsSchedulesOutput = z.object({ schedules: z.array(SnapshotSchedule) });
export type SnapshotsSchedulesOutput = z.infer<typeof SnapshotsSchedulesOutput>;
export const SnapshotsUnscheduleInput = z.object({ id: z.string().min(1).max(64) });
export const SnapshotsUnscheduleOutput = z.object({ message: z.string() });
