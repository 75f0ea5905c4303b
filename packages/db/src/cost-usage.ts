/**
 * The sampler's writes: raw samples (kept 48 h), hourly rollups per
 * workload and per cluster (kept COST_RETENTION_DAYS), gaps, and the
 * retention deletes. A pass is written in one transaction and only once: if
 * its samples are already stored, nothing is added to the hours again.
 */

import type { CostAttribution } from "@clustercord/contracts";
import {
  type ClusterHourRow,
  type ClusterPass,
  hourOf,
  mergeClusterHour,
  mergeHours,
  rollupClusterHour,
  rollupHour,
  type UsageHourRow,
  type UsageSampleRow,
} from "@clustercord/cost";
import type { PrismaClient } from "./generated/client";

export interface UsagePassWrite {
  samples: readonly UsageSampleRow[];
  cluster: ClusterPass;
}

/** Every registered cluster's id (the sampler's sweep). */
export async function listClusterIds(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.cluster.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((r) => r.id);
}

/**
 * Stores one pass: its samples (one batched insert), and adds it to the
 * current hour's UsageHour and ClusterHour rows. Returns written=false when
 * this pass's samples were already stored (a retried job): the hours are not
 * counted twice.
 */
export async function writeUsagePass(
  prisma: PrismaClient,
  clusterId: string,
  pass: UsagePassWrite,
): Promise<{ written: boolean; samples: number; hours: number }> {
  const hour = hourOf(pass.cluster.at);
  return prisma.$transaction(
    async (tx) => {
      let inserted = 0;
      if (pass.samples.length > 0) {
        ({ count: inserted } = await tx.usageSample.createMany({
          data: pass.samples.map((s) => ({ clusterId, ...s })),
          skipDuplicates: true,
        }));
        if (inserted === 0) return { written: false, samples: 0, hours: 0 };
      }
      const stored = await tx.usageHour.findMany({ where: { clusterId, hour } });
      const hours = mergeHours(stored.map(toHourRow), rollupHour(pass.samples));
      await tx.usageHour.deleteMany({ where: { clusterId, hour } });
      if (hours.length > 0) await tx.usageHour.createMany({ data: hours.map((h) => ({ clusterId, ...h })) });
      const [added] = rollupClusterHour([pass.cluster]);
      if (added) {
        const prior = await tx.clusterHour.findUnique({ where: { clusterId_hour: { clusterId, hour } } });
        const row: ClusterHourRow = prior ? mergeClusterHour(prior, added) : added;
        await tx.clusterHour.upsert({
          where: { clusterId_hour: { clusterId, hour } },
          create: { clusterId, ...row },
          update: row,
        });
      }
      return { written: true, samples: inserted, hours: hours.length };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

const toHourRow = (r: Omit<UsageHourRow, "attribution"> & { attribution: string }): UsageHourRow => ({
  hour: r.hour,
  namespace: r.namespace,
  workload: r.workload,
  attribution: r.attribution as CostAttribution,
  personId: r.personId,
  guildId: r.guildId,
  pods: r.pods,
  cpuCoreHours: r.cpuCoreHours,
  memGbHours: r.memGbHours,
  storageGbHours: r.storageGbHours,
  cpuUsageCoreHours: r.cpuUsageCoreHours,
  cpuRequestCoreHours: r.cpuRequestCoreHours,
  memUsageGbHours: r.memUsageGbHours,
  memRequestGbHours: r.memRequestGbHours,
  sampledSeconds: r.sampledSeconds,
});

/** Hours written directly (the demo's simulated history): merged into what is stored, as passes are. */
export async function addUsageHours(
  prisma: PrismaClient,
  clusterId: string,
  hours: readonly UsageHourRow[],
  clusterHours: readonly ClusterHourRow[],
): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      const spans = [...new Set([...hours, ...clusterHours].map((h) => h.hour.getTime()))].map(
        (t) => new Date(t),
      );
      const stored = await tx.usageHour.findMany({ where: { clusterId, hour: { in: spans } } });
      const merged = mergeHours(stored.map(toHourRow), hours);
      await tx.usageHour.deleteMany({ where: { clusterId, hour: { in: spans } } });
      if (merged.length > 0)
        await tx.usageHour.createMany({ data: merged.map((h) => ({ clusterId, ...h })) });
      for (const add of clusterHours) {
        const where = { clusterId_hour: { clusterId, hour: add.hour } };
        const prior = await tx.clusterHour.findUnique({ where });
        const row = prior ? mergeClusterHour(prior, add) : add;
        await tx.clusterHour.upsert({ where, create: { clusterId, ...row }, update: row });
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Records that metrics were missing from `from` to `to`. A gap that reaches
 * back to (or past) the last gap's end with the same reason extends it, so an
 * outage is one row, not one per pass.
 */
export async function recordUsageGap(
  prisma: PrismaClient,
  clusterId: string,
  gap: { from: Date; to: Date; reason: string },
  options: { joinWithinMs: number },
): Promise<{ id: string; from: Date; to: Date }> {
  const last = await prisma.usageGap.findFirst({ where: { clusterId }, orderBy: { to: "desc" } });
  if (last && last.reason === gap.reason && last.to.getTime() >= gap.from.getTime() - options.joinWithinMs) {
    const to = new Date(Math.max(last.to.getTime(), gap.to.getTime()));
    await prisma.usageGap.update({ where: { id: last.id }, data: { to } });
    return { id: last.id, from: last.from, to };
  }
  const created = await prisma.usageGap.create({ data: { clusterId, ...gap } });
  return { id: created.id, from: created.from, to: created.to };
}

/** Retention: raw samples older than `samplesBefore`; hours and gaps older than `hoursBefore`. */
export async function deleteUsageBefore(
  prisma: PrismaClient,
  cutoffs: { samplesBefore: Date; hoursBefore: Date },
): Promise<{ samples: number; hours: number; clusterHours: number; gaps: number }> {
  const [samples, hours, clusterHours, gaps] = await prisma.$transaction([
    prisma.usageSample.deleteMany({ where: { at: { lt: cutoffs.samplesBefore } } }),
    prisma.usageHour.deleteMany({ where: { hour: { lt: cutoffs.hoursBefore } } }),
    prisma.clusterHour.deleteMany({ where: { hour: { lt: cutoffs.hoursBefore } } }),
    prisma.usageGap.deleteMany({ where: { to: { lt: cutoffs.hoursBefore } } }),
  ]);
  return { samples: samples.count, hours: hours.count, clusterHours: clusterHours.count, gaps: gaps.count };
}
