/**
 * Snapshots in the background. `snapshots.take` collects AS the person who
 * asked (their role and namespaces read again first, as the canary analysis
 * and the job follower do), streaming archive → envelope seal → blob store
 * with bounded memory, and writes its progress to the row as it goes; a
 * failure marks the row failed with the reason and removes the partial blob.
 * `snapshots.sweep` (every minute) takes the scheduled snapshots that are
 * due (one process claims each run), deletes the oldest beyond each
 * schedule's `keep`, and fails rows whose take was lost with a stopped process.
 */
import { pipeline } from "node:stream";
import type { EnvelopeCipher } from "@clustercord/auth";
import { AppError, roleAtLeast } from "@clustercord/contracts";
import {
  type BlobStore,
  claimSnapshotScheduleRun,
  failSnapshot,
  findSnapshot,
  finishSnapshot,
  insertSnapshot,
  listDueSnapshotSchedules,
  listStaleRunningSnapshots,
  type SnapshotRow,
  type SnapshotScheduleRow,
  snapshotsBeyondKeep,
  updateSnapshotProgress,
  writeAudit,
} from "@clustercord/db";
import { type CatalogEntry, defineJob, type JobRunner } from "@clustercord/jobs";
import { type CollectProgress, collectSnapshot, type SnapshotManifest } from "@clustercord/kube";
import { defaultLogger } from "@clustercord/telemetry";
import { z } from "zod";
import type { ApiDeps } from "../context";
import { describeUser, resolveMembership } from "./membership";
import type { Actor } from "./read-access";
import { snapshotTarget } from "./snapshot-access";
import type { SnapshotTaker } from "./snapshot-deps";
import { nextScheduledRun } from "./snapshot-schedule";
import { newSecretsKey, secretSealer, snapshotAad } from "./snapshot-secrets";

export const SNAPSHOT_TAKE_JOB = "snapshots.take";
export const SNAPSHOT_SWEEP_JOB = "snapshots.sweep";
/** A take still "running" after this long lost its process (a restart): it is marked failed. */
const STALE_AFTER_MS = 6 * 3_600_000;
const PROGRESS_EVERY_MS = 1_000;

export type SnapshotJobDeps = Pick<
  ApiDeps,
  "prisma" | "directory" | "cipher" | "caches" | "clusterGuard" | "log"
> & { store: BlobStore; envelope: EnvelopeCipher };

// The access services take ApiDeps but read only the fields SnapshotJobDeps has.
const asApiDeps = (deps: SnapshotJobDeps) => deps as unknown as ApiDeps;

const said = (error: unknown) =>
  error instanceof AppError ? error.userMessage : error instanceof Error ? error.message : String(error);

/** The person who asked, in their role now; refused when they left or are no longer an operator. */
async function askerNow(deps: SnapshotJobDeps, row: SnapshotRow): Promise<Actor> {
  const membership = await resolveMembership(asApiDeps(deps), row.createdById, row.guildId);
  if (!membership)
    throw new AppError("FORBIDDEN", {
      userMessage: "the person who asked for it is no longer a member of the server",
    });
  if (!roleAtLeast(membership.role, "operator"))
    throw new AppError("FORBIDDEN", {
      userMessage: `the person who asked for it is ${membership.role} now; snapshots need the operator role`,
    });
  return { userId: row.createdById, guildId: row.guildId, role: membership.role };
}

/** What snapshots.get shows without opening the archive. */
const contentsOf = (manifest: SnapshotManifest) => ({
  kinds: manifest.counts.kinds,
  namespaceCounts: manifest.counts.namespaces,
  metrics: manifest.metrics,
  skipped: manifest.skipped.length,
});

/** Collects, seals and stores one snapshot; the row ends ready or failed (with the reason), never half-written. */
export async function takeSnapshot(
  deps: SnapshotJobDeps,
  ref: { snapshotId: string; guildId: string },
  signal?: AbortSignal,
): Promise<string> {
  const row = await findSnapshot(deps.prisma, ref.guildId, ref.snapshotId);
  if (row?.status !== "running") return "not running";
  let lastProgress: CollectProgress = row.progress;
  try {
    const actor = await askerNow(deps, row);
    const target = await snapshotTarget(asApiDeps(deps), actor, {
      clusterId: row.clusterId,
      scope: row.scope,
      ...(row.scope === "namespaces" ? { namespaces: row.namespaces } : {}),
    });
    const { header, stream: sealer } = deps.envelope.sealStream(snapshotAad(row));
    const secrets = newSecretsKey(deps.envelope, row);
    const secretsSealer = secretSealer(secrets.key, row);
    let written = 0;
    const { archive, done } = collectSnapshot({
      kc: target.kc,
      scope:
        target.scope === "cluster"
          ? { kind: "cluster" }
          : { kind: "namespaces", namespaces: target.namespaces },
      // Each Secret's values sealed under this snapshot's secrets key, bound to the snapshot and the Secret.
      sealSecret: (secret) => secretsSealer.seal(secret),
      cluster: row.clusterName,
      description: row.description,
      ...(signal ? { signal } : {}),
      onProgress: (progress) => {
        lastProgress = progress;
        const now = Date.now();
        if (now - written < PROGRESS_EVERY_MS) return;
        written = now;
        void updateSnapshotProgress(deps.prisma, row.id, progress).catch(() => undefined);
      },
    });
    // The archive's bytes go through the sealing stream into the store; an error anywhere ends all three.
    const sealed = pipeline(archive, sealer, () => undefined);
    // Both settle before anything is decided, so a failed take's blob is removed after the store let go of it.
    const [put, collected] = await Promise.allSettled([deps.store.put(row.blobKey, sealed), done]);
    if (collected.status === "rejected") throw collected.reason;
    if (put.status === "rejected") throw put.reason;
    const stored = put.value;
    const manifest = collected.value;
    await finishSnapshot(deps.prisma, row.id, {
      sealedHeader: header,
      secretsKey: secrets.sealedKey,
      keyId: deps.envelope.keyIdOf(header),
      bytes: stored.bytes,
      objectCount: manifest.counts.objects,
      kubernetesVersion: manifest.metadata.version,
      contents: contentsOf(manifest),
      progress: lastProgress,
    });
    return "ready";
  } catch (error) {
    await deps.store.delete(row.blobKey).catch(() => undefined);
    await failSnapshot(deps.prisma, row.id, said(error));
    (deps.log ?? defaultLogger()).warn({ snapshotId: row.id, error: said(error) }, "snapshots: take failed");
    return "failed";
  }
}

/** An automatic action written to the audit log as the system acting for the schedule's owner. */
async function auditForSchedule(
  deps: SnapshotJobDeps,
  schedule: SnapshotScheduleRow,
  action: string,
  target: string,
  result: "ok" | "error",
  detail: string,
) {
  const owner = await describeUser(asApiDeps(deps), schedule.createdById).catch(() => null);
  await writeAudit(deps.prisma, {
    actorId: schedule.createdById,
    actorName: `system on behalf of ${owner?.username ?? schedule.createdById}`,
    guildId: schedule.guildId,
    action,
    target,
    via: "web",
    result,
    detail,
  });
}

/** One due schedule: a snapshot row (failed at once, with the reason, if the person may no longer take it) and retention. */
async function runSchedule(
  deps: SnapshotJobDeps,
  taker: SnapshotTaker,
  schedule: SnapshotScheduleRow,
  now: Date,
): Promise<void> {
  const next = nextScheduledRun(schedule.every, schedule.nextRunAt, now);
  if (!(await claimSnapshotScheduleRun(deps.prisma, schedule.id, schedule.nextRunAt, next, now))) return;
  const row = await insertSnapshot(deps.prisma, {
    guildId: schedule.guildId,
    clusterId: schedule.clusterId,
    description: schedule.description || `scheduled (${schedule.every})`,
    scope: schedule.scope,
    namespaces: schedule.namespaces,
    createdById: schedule.createdById,
    createdVia: "web",
    scheduleId: schedule.id,
  });
  try {
    // The namespaces a schedule of "all my namespaces" covers are the person's at each run.
    const actor = await askerNow(deps, row);
    const target = await snapshotTarget(asApiDeps(deps), actor, {
      clusterId: schedule.clusterId,
      scope: schedule.scope,
      ...(schedule.namespaces.length ? { namespaces: schedule.namespaces } : {}),
    });
    if (target.scope === "namespaces") {
      await deps.prisma.snapshot.update({ where: { id: row.id }, data: { namespaces: target.namespaces } });
    }
    await taker.take(row);
    await auditForSchedule(
      deps,
      schedule,
      "snapshots.create",
      `snapshot/${row.id} (schedule ${schedule.id})`,
      "ok",
      "",
    );
  } catch (error) {
    await failSnapshot(deps.prisma, row.id, said(error));
    await auditForSchedule(
      deps,
      schedule,
      "snapshots.create",
      `snapshot/${row.id} (schedule ${schedule.id})`,
      "error",
      said(error),
    );
  }
  for (const old of await snapshotsBeyondKeep(deps.prisma, schedule.id, schedule.keep)) {
    await deps.store.delete(old.blobKey);
    await deps.prisma.snapshot.deleteMany({ where: { id: old.id } });
    await auditForSchedule(
      deps,
      schedule,
      "snapshots.delete",
      `snapshot/${old.id}`,
      "ok",
      `beyond the last ${schedule.keep} kept`,
    );
  }
}

/** One sweep: due schedules, then takes lost with a stopped process. */
export async function sweepSnapshots(deps: SnapshotJobDeps, taker: SnapshotTaker, now = new Date()) {
  const due = await listDueSnapshotSchedules(deps.prisma, now);
  for (const schedule of due) {
    await runSchedule(deps, taker, schedule, now).catch((error: unknown) =>
      (deps.log ?? defaultLogger()).warn(
        { scheduleId: schedule.id, error: said(error) },
        "snapshots: schedule failed",
      ),
    );
  }
  const stale = await listStaleRunningSnapshots(deps.prisma, new Date(now.getTime() - STALE_AFTER_MS));
  for (const row of stale) {
    await deps.store.delete(row.blobKey).catch(() => undefined);
    await failSnapshot(deps.prisma, row.id, "it was interrupted (the server stopped while taking it)");
  }
  return { schedules: due.length, stale: stale.length };
}

/** The take and sweep jobs, and the taker snapshots.create uses; `runner` is the one they are registered with. */
export function snapshotJobs(
  deps: SnapshotJobDeps,
  options: { runner: () => JobRunner; sweepCron?: string },
): { entries: CatalogEntry[]; taker: SnapshotTaker } {
  const take = defineJob({
    name: SNAPSHOT_TAKE_JOB,
    payload: z.object({ snapshotId: z.string().min(1).max(64), guildId: z.string().min(1).max(32) }).strict(),
    // A take that failed has already said why on its row; trying again is a new snapshot.
    retries: 0,
    concurrency: 2,
    run: (payload, ctx) => takeSnapshot(deps, payload, ctx.signal).then((outcome) => ({ outcome })),
  });
  const taker: SnapshotTaker = {
    async take(row) {
      await options
        .runner()
        .enqueue(
          take,
          { snapshotId: row.id, guildId: row.guildId },
          { idempotencyKey: `snapshots.take:${row.id}` },
        );
    },
  };
  const sweep = defineJob({
    name: SNAPSHOT_SWEEP_JOB,
    payload: z.object({}).strict(),
    retries: 0,
    concurrency: 1,
    run: () => sweepSnapshots(deps, taker),
  });
  return {
    entries: [
      { job: take },
      { job: sweep, schedule: { cron: options.sweepCron ?? "0 * * * * *", payload: {} } },
    ],
    taker,
  };
}
