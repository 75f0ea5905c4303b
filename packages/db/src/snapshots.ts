import type { Prisma, PrismaClient } from "./generated/client";

/**
 * The snapshot index (issue 18): one row per sealed archive in the blob
 * store, and the schedules that take them. Rows are always read with the
 * guild they belong to, so another guild's id is simply not found.
 */

export type SnapshotStatusValue = "running" | "ready" | "failed";
export type SnapshotScopeValue = "namespaces" | "cluster";

export interface SnapshotRow {
  id: string;
  guildId: string;
  clusterId: string;
  clusterName: string;
  description: string;
  scope: SnapshotScopeValue;
  namespaces: string[];
  status: SnapshotStatusValue;
  progress: { objects: number; kindsDone: number; kinds: number };
  objectCount: number;
  bytes: number;
  kubernetesVersion: string;
  blobKey: string;
  sealedHeader: string | null;
  secretsKey: string | null;
  keyId: string | null;
  contents: unknown;
  error: string | null;
  createdById: string;
  createdVia: string;
  createdAt: Date;
  finishedAt: Date | null;
  scheduleId: string | null;
}

export interface NewSnapshot {
  guildId: string;
  clusterId: string;
  description: string;
  scope: SnapshotScopeValue;
  namespaces: string[];
  createdById: string;
  createdVia: string;
  scheduleId?: string | null;
}

const withCluster = { cluster: { select: { name: true } } } as const;
type Stored = Prisma.SnapshotGetPayload<{ include: typeof withCluster }>;

const names = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

const toRow = (r: Stored): SnapshotRow => ({
  id: r.id,
  guildId: r.guildId,
  clusterId: r.clusterId,
  clusterName: r.cluster.name,
  description: r.description,
  scope: r.scope as SnapshotScopeValue,
  namespaces: names(r.namespaces),
  status: r.status as SnapshotStatusValue,
  progress: { objects: r.progressObjects, kindsDone: r.progressKindsDone, kinds: r.progressKinds },
  objectCount: r.objectCount,
  bytes: Number(r.bytes),
  kubernetesVersion: r.kubernetesVersion,
  blobKey: r.blobKey,
  sealedHeader: r.sealedHeader,
  secretsKey: r.secretsKey,
  keyId: r.keyId,
  contents: r.contents,
  error: r.error,
  createdById: r.createdById,
  createdVia: r.createdVia,
  createdAt: r.createdAt,
  finishedAt: r.finishedAt,
  scheduleId: r.scheduleId,
});

/** Stores a running snapshot; its blob key is derived from its id (`snapshots/<guild>/<id>.tar.gz.sealed`). */
export async function insertSnapshot(prisma: PrismaClient, snapshot: NewSnapshot): Promise<SnapshotRow> {
  const created = await prisma.snapshot.create({
    data: { ...snapshot, scheduleId: snapshot.scheduleId ?? null, status: "running", blobKey: "" },
  });
  const row = await prisma.snapshot.update({
    where: { id: created.id },
    data: { blobKey: `snapshots/${snapshot.guildId}/${created.id}.tar.gz.sealed` },
    include: withCluster,
  });
  return toRow(row);
}

/** Where a cluster's snapshots are in the blob store: removed there once the cluster (and its rows) is. */
export async function snapshotBlobKeysOfCluster(prisma: PrismaClient, clusterId: string): Promise<string[]> {
  const rows = await prisma.snapshot.findMany({ where: { clusterId }, select: { blobKey: true } });
  return rows.map((r) => r.blobKey).filter(Boolean);
}

/** The guild's snapshot, or null (another guild's id included). */
export async function findSnapshot(prisma: PrismaClient, guildId: string, id: string) {
  const row = await prisma.snapshot.findFirst({ where: { id, guildId }, include: withCluster });
  return row ? toRow(row) : null;
}

/** Newest first; the guild's own only. */
export async function listSnapshots(prisma: PrismaClient, guildId: string, clusterId?: string) {
  const rows = await prisma.snapshot.findMany({
    where: { guildId, ...(clusterId ? { clusterId } : {}) },
    include: withCluster,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
  });
  return rows.map(toRow);
}

export async function updateSnapshotProgress(
  prisma: PrismaClient,
  id: string,
  progress: { objects: number; kindsDone: number; kinds: number },
) {
  await prisma.snapshot.updateMany({
    where: { id, status: "running" },
    data: {
      progressObjects: progress.objects,
      progressKindsDone: progress.kindsDone,
      progressKinds: progress.kinds,
    },
  });
}

export interface FinishedSnapshot {
  sealedHeader: string;
  secretsKey: string;
  keyId: string;
  bytes: number;
  objectCount: number;
  kubernetesVersion: string;
  contents: unknown;
  progress: { objects: number; kindsDone: number; kinds: number };
}

export async function finishSnapshot(prisma: PrismaClient, id: string, done: FinishedSnapshot) {
  await prisma.snapshot.update({
    where: { id },
    data: {
      status: "ready",
      sealedHeader: done.sealedHeader,
      secretsKey: done.secretsKey,
      keyId: done.keyId,
      bytes: BigInt(done.bytes),
      objectCount: done.objectCount,
      kubernetesVersion: done.kubernetesVersion,
      contents: done.contents as Prisma.InputJsonValue,
      progressObjects: done.progress.objects,
      progressKindsDone: done.progress.kindsDone,
      progressKinds: done.progress.kinds,
      finishedAt: new Date(),
    },
  });
}

export async function failSnapshot(prisma: PrismaClient, id: string, error: string) {
  await prisma.snapshot.updateMany({
    where: { id },
    data: { status: "failed", error: error.slice(0, 1000), finishedAt: new Date() },
  });
}

/** Snapshots left running longer than `olderThan` (a process stopped midway): their job is gone. */
export async function listStaleRunningSnapshots(prisma: PrismaClient, olderThan: Date) {
  const rows = await prisma.snapshot.findMany({
    where: { status: "running", createdAt: { lt: olderThan } },
    include: withCluster,
  });
  return rows.map(toRow);
}

export async function deleteSnapshotRow(prisma: PrismaClient, id: string) {
  await prisma.snapshot.deleteMany({ where: { id } });
}

export interface SnapshotKeys {
  id: string;
  guildId: string;
  sealedHeader: string;
  secretsKey: string | null;
}

/**
 * Re-wraps the data keys of every ready snapshot another key wrapped (the
 * archive's and its Secrets' key; the archive itself is untouched); returns
 * how many snapshots were re-wrapped.
 */
export async function rewrapSnapshotKeys(
  prisma: PrismaClient,
  activeKeyId: string,
  rewrap: (row: SnapshotKeys) => { sealedHeader: string; secretsKey: string | null },
): Promise<number> {
  const rows = await prisma.snapshot.findMany({
    where: { sealedHeader: { not: null }, keyId: { not: activeKeyId } },
    select: { id: true, guildId: true, sealedHeader: true, secretsKey: true },
  });
  for (const row of rows) {
    const keys = rewrap({ ...row, sealedHeader: row.sealedHeader ?? "" });
    await prisma.snapshot.update({ where: { id: row.id }, data: { ...keys, keyId: activeKeyId } });
  }
  return rows.length;
}

// --- schedules -------------------------------------------------------------

export interface SnapshotScheduleRow {
  id: string;
  guildId: string;
  clusterId: string;
  clusterName: string;
  every: "daily" | "weekly";
  keep: number;
  scope: SnapshotScopeValue;
  namespaces: string[];
  description: string;
  createdById: string;
  nextRunAt: Date;
  lastRunAt: Date | null;
}

type StoredSchedule = Prisma.SnapshotScheduleGetPayload<{ include: typeof withCluster }>;

const toScheduleRow = (r: StoredSchedule): SnapshotScheduleRow => ({
  id: r.id,
  guildId: r.guildId,
  clusterId: r.clusterId,
  clusterName: r.cluster.name,
  every: r.every as "daily" | "weekly",
  keep: r.keep,
  scope: r.scope as SnapshotScopeValue,
  namespaces: names(r.namespaces),
  description: r.description,
  createdById: r.createdById,
  nextRunAt: r.nextRunAt,
  lastRunAt: r.lastRunAt,
});

export async function insertSnapshotSchedule(
  prisma: PrismaClient,
  schedule: Omit<SnapshotScheduleRow, "id" | "clusterName" | "lastRunAt">,
): Promise<SnapshotScheduleRow> {
  const row = await prisma.snapshotSchedule.create({ data: schedule, include: withCluster });
  return toScheduleRow(row);
}

export async function listSnapshotSchedules(prisma: PrismaClient, guildId: string, clusterId?: string) {
  const rows = await prisma.snapshotSchedule.findMany({
    where: { guildId, ...(clusterId ? { clusterId } : {}) },
    include: withCluster,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toScheduleRow);
}

export async function findSnapshotSchedule(prisma: PrismaClient, guildId: string, id: string) {
  const row = await prisma.snapshotSchedule.findFirst({ where: { id, guildId }, include: withCluster });
  return row ? toScheduleRow(row) : null;
}

export async function deleteSnapshotSchedule(prisma: PrismaClient, guildId: string, id: string) {
  const { count } = await prisma.snapshotSchedule.deleteMany({ where: { id, guildId } });
  return count > 0;
}

/** Schedules whose time has come, oldest first. */
export async function listDueSnapshotSchedules(prisma: PrismaClient, now: Date) {
  const rows = await prisma.snapshotSchedule.findMany({
    where: { nextRunAt: { lte: now } },
    include: withCluster,
    orderBy: { nextRunAt: "asc" },
    take: 100,
  });
  return rows.map(toScheduleRow);
}

/**
 * Claims one run of a due schedule by moving its next run on, only if no
 * other process moved it first (compare-and-set on the time it was due).
 */
export async function claimSnapshotScheduleRun(
  prisma: PrismaClient,
  id: string,
  dueAt: Date,
  next: Date,
  now: Date,
): Promise<boolean> {
  const { count } = await prisma.snapshotSchedule.updateMany({
    where: { id, nextRunAt: dueAt },
    data: { nextRunAt: next, lastRunAt: now },
  });
  return count === 1;
}

/**
 * A schedule's snapshots beyond the newest `keep` (the one just started
 * counts), which retention deletes; never one still running.
 */
export async function snapshotsBeyondKeep(prisma: PrismaClient, scheduleId: string, keep: number) {
  const rows = await prisma.snapshot.findMany({
    where: { scheduleId },
    include: withCluster,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: keep,
  });
  return rows.filter((r) => r.status !== "running").map(toRow);
}
