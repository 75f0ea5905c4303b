/**
 * Cluster snapshots (guide feature 11): the index in the database, the
 * sealed archives in the blob store, taken in the background AS the person
 * (snapshot-jobs.ts). Everything is read with the caller's guild: another
 * guild's snapshot id is "no snapshot <id> in this server".
 */
import {
  type ActionPlan,
  AppError,
  type SnapshotSchedule,
  type SnapshotScope,
  type SnapshotSummary,
  type SnapshotsCreateOutput,
  type SnapshotsDownloadOutput,
  type SnapshotsGetOutput,
  type SnapshotsListOutput,
  type SnapshotsSchedulesOutput,
} from "@clustercord/contracts";
import {
  deleteSnapshotRow,
  deleteSnapshotSchedule,
  findGuildCluster,
  findSnapshot,
  findSnapshotSchedule,
  insertSnapshot,
  insertSnapshotSchedule,
  listSnapshotSchedules,
  listSnapshots,
  type SnapshotRow,
  type SnapshotScheduleRow,
} from "@clustercord/db";
import type { ApiDeps } from "../context";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import type { Actor } from "./read-access";
import { snapshotTarget } from "./snapshot-access";
import type { SnapshotsDeps } from "./snapshot-deps";
import { type DownloadGrant, signDownloadLink } from "./snapshot-link";
import { nextScheduledRun } from "./snapshot-schedule";

type CreateValues = {
  clusterId: string;
  description: string;
  scope: SnapshotScope;
  namespaces?: string[] | undefined;
};

/** The snapshot deps, or a plain "not set up" (a server started without a blob store). */
export function snapshotsDeps(deps: ApiDeps): SnapshotsDeps & { envelope: NonNullable<ApiDeps["envelope"]> } {
  if (!deps.snapshots || !deps.envelope)
    throw new AppError("BAD_REQUEST", {
      userMessage: "Snapshots are not set up on this ClusterCord server.",
    });
  return { ...deps.snapshots, envelope: deps.envelope };
}

export const noSuchSnapshot = (id: string) =>
  new AppError("NOT_FOUND", { userMessage: `There is no snapshot ${id} in this server.` });

/** The guild's snapshot, else NOT_FOUND naming the id. */
export async function guildSnapshot(deps: ApiDeps, actor: Actor, id: string): Promise<SnapshotRow> {
  const row = await findSnapshot(deps.prisma, actor.guildId, id);
  if (!row) throw noSuchSnapshot(id);
  return row;
}

/** A snapshot whose archive can be read: ready (running and failed ones have none). */
export async function readySnapshot(deps: ApiDeps, actor: Actor, id: string): Promise<SnapshotRow> {
  const row = await guildSnapshot(deps, actor, id);
  if (row.status === "running")
    throw new AppError("CONFLICT", {
      userMessage: `Snapshot ${id} is still being taken; try again when it is ready.`,
    });
  if (row.status === "failed")
    throw new AppError("BAD_REQUEST", {
      userMessage: `Snapshot ${id} failed (${row.error ?? "no archive"}); it has no archive.`,
    });
  return row;
}

/**
 * Reading a snapshot's objects (download, diff, restore) needs what taking it
 * needed, now: the whole cluster's for admins of a dedicated cluster, or
 * every one of its namespaces being the person's.
 */
export async function contentTarget(deps: ApiDeps, actor: Actor, row: SnapshotRow) {
  return snapshotTarget(deps, actor, {
    clusterId: row.clusterId,
    scope: row.scope,
    ...(row.scope === "namespaces" ? { namespaces: row.namespaces } : {}),
  });
}

export function toSnapshotSummary(row: SnapshotRow): SnapshotSummary {
  return {
    id: row.id,
    clusterId: row.clusterId,
    clusterName: row.clusterName,
    description: row.description,
    scope: row.scope,
    namespaces: row.namespaces,
    status: row.status,
    progress: row.progress,
    objectCount: row.objectCount,
    bytes: row.bytes,
    kubernetesVersion: row.kubernetesVersion,
    ...(row.error ? { error: row.error } : {}),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdById,
    ...(row.finishedAt ? { finishedAt: row.finishedAt.toISOString() } : {}),
    ...(row.scheduleId ? { scheduleId: row.scheduleId } : {}),
  };
}

/** snapshots.create: the scope checked as the person now, a running row, the take enqueued. */
export async function createSnapshot(
  deps: ApiDeps,
  actor: Actor & { via?: string },
  input: CreateValues,
): Promise<SnapshotsCreateOutput> {
  const { taker } = snapshotsDeps(deps);
  const target = await snapshotTarget(deps, actor, input);
  const row = await insertSnapshot(deps.prisma, {
    guildId: actor.guildId,
    clusterId: target.cluster.id,
    description: input.description,
    scope: target.scope,
    namespaces: target.namespaces,
    createdById: actor.userId,
    createdVia: actor.via ?? "web",
  });
  await taker.take(row);
  const what = target.scope === "cluster" ? "the whole cluster" : `${target.namespaces.length} namespace(s)`;
  return {
    message: `Snapshot ${row.id} of ${what} on ${row.clusterName} started; it runs in the background.`,
    snapshot: toSnapshotSummary(row),
  };
}

/** A cluster filter must name a cluster the guild can use (others' are NOT_FOUND, as everywhere). */
async function checkClusterFilter(deps: ApiDeps, actor: Actor, clusterId: string | undefined) {
  if (clusterId && !(await findGuildCluster(deps.prisma, actor.guildId, clusterId)))
    throw new AppError("NOT_FOUND", { userMessage: "No such cluster in this server." });
}

export async function listGuildSnapshots(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId?: string | undefined },
): Promise<SnapshotsListOutput> {
  await checkClusterFilter(deps, actor, input.clusterId);
  const rows = await listSnapshots(deps.prisma, actor.guildId, input.clusterId);
  return { snapshots: rows.map(toSnapshotSummary) };
}

/** What the take stored beside the archive (counts and the metrics summary). */
interface StoredContents {
  kinds?: SnapshotsGetOutput["kinds"];
  namespaceCounts?: SnapshotsGetOutput["namespaceCounts"];
  metrics?: SnapshotsGetOutput["metrics"];
}

export async function getSnapshot(deps: ApiDeps, actor: Actor, id: string): Promise<SnapshotsGetOutput> {
  const row = await guildSnapshot(deps, actor, id);
  const contents = (row.contents ?? {}) as StoredContents;
  return {
    snapshot: toSnapshotSummary(row),
    kinds: contents.kinds ?? [],
    namespaceCounts: contents.namespaceCounts ?? [],
    ...(contents.metrics ? { metrics: contents.metrics } : {}),
  };
}

const fileName = (row: SnapshotRow) =>
  `snapshot-${row.clusterName.replace(/[^A-Za-z0-9_.-]+/g, "-")}-${row.createdAt.toISOString().slice(0, 19).replace(/:/g, "")}-${row.id}.tar.gz`;

export const snapshotFileName = fileName;

/** snapshots.download: a 5-minute signed link for this person to this snapshot's archive. */
export async function downloadSnapshot(
  deps: ApiDeps,
  actor: Actor,
  id: string,
  via: DownloadGrant["via"],
): Promise<SnapshotsDownloadOutput> {
  const { publicUrl } = snapshotsDeps(deps);
  const row = await readySnapshot(deps, actor, id);
  await contentTarget(deps, actor, row);
  const link = signDownloadLink(deps.confirmationKey, {
    snapshotId: row.id,
    guildId: actor.guildId,
    userId: actor.userId,
    via,
  });
  const url = new URL("/api/snapshots/download", publicUrl);
  url.searchParams.set("token", link.token);
  return {
    url: url.toString(),
    filename: fileName(row),
    // What is served: the archive without the 16-byte authentication tag.
    bytes: Math.max(0, row.bytes - 16),
    expiresAt: link.expiresAt.toISOString(),
  };
}

const deleteSubject = (actor: Actor, id: string) => ({
  action: "snapshots.delete",
  target: `snapshot/${id}`,
  userId: actor.userId,
  guildId: actor.guildId,
});

export async function planDeleteSnapshot(deps: ApiDeps, actor: Actor, id: string): Promise<ActionPlan> {
  const row = await guildSnapshot(deps, actor, id);
  if (row.status === "running")
    throw new AppError("CONFLICT", {
      userMessage: `Snapshot ${id} is still being taken; delete it when it ends.`,
    });
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, deleteSubject(actor, id));
  return {
    summary: `Delete snapshot ${id} of ${row.clusterName}${row.description ? ` ("${row.description}")` : ""}`,
    changes: [
      `The archive (${row.objectCount} objects, ${row.bytes} bytes) is deleted from the store; it cannot be restored afterwards.`,
    ],
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

/** Deletes the archive, then the row (a half-deleted snapshot shows as failed, never as ready without its blob). */
export async function removeSnapshot(deps: ApiDeps, row: SnapshotRow) {
  if (deps.snapshots) await deps.snapshots.store.delete(row.blobKey);
  await deleteSnapshotRow(deps.prisma, row.id);
}

export async function deleteSnapshotConfirmed(
  deps: ApiDeps,
  actor: Actor,
  input: { id: string; confirmToken: string },
) {
  snapshotsDeps(deps);
  const row = await guildSnapshot(deps, actor, input.id);
  verifyConfirmation(deps.confirmationKey, input.confirmToken, deleteSubject(actor, input.id));
  await removeSnapshot(deps, row);
  return { message: `Snapshot ${row.id} of ${row.clusterName} deleted.` };
}

// --- schedules -------------------------------------------------------------

export function toScheduleSummary(row: SnapshotScheduleRow): SnapshotSchedule {
  return {
    id: row.id,
    clusterId: row.clusterId,
    clusterName: row.clusterName,
    every: row.every,
    keep: row.keep,
    scope: row.scope,
    namespaces: row.namespaces,
    description: row.description,
    nextRunAt: row.nextRunAt.toISOString(),
    ...(row.lastRunAt ? { lastRunAt: row.lastRunAt.toISOString() } : {}),
    createdBy: row.createdById,
  };
}

/** snapshots.schedule: checked as a snapshot now would be, then taken daily or weekly as the person. */
export async function scheduleSnapshots(
  deps: ApiDeps,
  actor: Actor,
  input: CreateValues & { every: "daily" | "weekly"; keep: number },
) {
  snapshotsDeps(deps);
  const target = await snapshotTarget(deps, actor, input);
  const now = new Date();
  const row = await insertSnapshotSchedule(deps.prisma, {
    guildId: actor.guildId,
    clusterId: target.cluster.id,
    every: input.every,
    keep: input.keep,
    scope: target.scope,
    // Empty: all of the person's namespaces at each run; otherwise exactly these.
    namespaces: input.namespaces?.length ? target.namespaces : [],
    description: input.description,
    createdById: actor.userId,
    nextRunAt: nextScheduledRun(input.every, now),
  });
  return {
    message: `Snapshots of ${row.clusterName} scheduled ${input.every}, keeping the last ${input.keep}; the first runs at ${row.nextRunAt.toISOString()}.`,
    schedule: toScheduleSummary(row),
  };
}

export async function listSchedules(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId?: string | undefined },
): Promise<SnapshotsSchedulesOutput> {
  await checkClusterFilter(deps, actor, input.clusterId);
  const rows = await listSnapshotSchedules(deps.prisma, actor.guildId, input.clusterId);
  return { schedules: rows.map(toScheduleSummary) };
}

export async function unscheduleSnapshots(deps: ApiDeps, actor: Actor, id: string) {
  const row = await findSnapshotSchedule(deps.prisma, actor.guildId, id);
  if (!row || !(await deleteSnapshotSchedule(deps.prisma, actor.guildId, id)))
    throw new AppError("NOT_FOUND", { userMessage: `There is no snapshot schedule ${id} in this server.` });
  return {
    message: `The ${row.every} snapshots of ${row.clusterName} are no longer taken; the ones taken stay.`,
  };
}
