/**
 * The sampler's writes: raw samples (kept 48 h), hourly rollups per
 * workload and per cluster (kept COST_RETENTION_DAYS), gaps, and the
 * retention deletes. A pass is written in one transaction and only once: if
 * its samples are already stored, nothing is added to the hours again.
 */

import {
  type ClusterHourRow,
  type ClusterPass,
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

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
const HOUR_SUMS = [
  "cpuCoreHours",
  "memGbHours",
  "storageGbHours",
  "cpuUsageCoreHours",
  "cpuRequestCoreHours",
  "memUsageGbHours",
  "memRequestGbHours",
  "sampledSeconds",
] as const;
const iso = (d: Date) => d.toISOString();

/**
 * The pass's samples in one statement (one array per column): far less work
 * in this process than a createMany of thousands of rows. Returns how many
 * were new.
 */
function insertSamples(tx: Tx, clusterId: string, samples: readonly UsageSampleRow[]): Promise<number> {
  const col = <K extends keyof UsageSampleRow>(k: K) => samples.map((s) => s[k]);
  return tx.$executeRawUnsafe(
    `INSERT INTO "UsageSample" ("clusterId","at","namespace","workload","personId","attribution","guildId","pods",
       "cpuUsageCores","cpuRequestCores","memUsageGb","memRequestGb","storageGb","seconds")
     SELECT $1, (u.at::timestamptz AT TIME ZONE 'UTC'), u.ns, u.wl, u.person, u.attr, u.guild, u.pods,
       u.cu, u.cr, u.mu, u.mr, u.st, u.sec
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
       $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::int[])
       AS u(at, ns, wl, person, attr, guild, pods, cu, cr, mu, mr, st, sec)
     ON CONFLICT DO NOTHING`,
    clusterId,
    samples.map((s) => iso(s.at)),
    col("namespace"),
    col("workload"),
    col("personId"),
    col("attribution"),
    col("guildId"),
    col("pods"),
    col("cpuUsageCores"),
    col("cpuRequestCores"),
    col("memUsageGb"),
    col("memRequestGb"),
    col("storageGb"),
    col("seconds"),
  );
}

/**
 * Adds rollup rows to the stored hours in one statement: mergeHour
 * (cost/rollup.ts) in SQL — sums, the larger pod count, the newer
 * attribution. The integration test checks the two agree.
 */
function addHours(tx: Tx, clusterId: string, hours: readonly UsageHourRow[]): Promise<number> {
  const col = <K extends keyof UsageHourRow>(k: K) => hours.map((h) => h[k]);
  const sums = HOUR_SUMS.map((c) => `"${c}" = "UsageHour"."${c}" + EXCLUDED."${c}"`).join(", ");
  return tx.$executeRawUnsafe(
    `INSERT INTO "UsageHour" ("clusterId","hour","namespace","workload","personId","attribution","guildId","pods",
       ${HOUR_SUMS.map((c) => `"${c}"`).join(",")})
     SELECT $1, (u.hour::timestamptz AT TIME ZONE 'UTC'), u.ns, u.wl, u.person, u.attr, u.guild, u.pods,
       u.c, u.m, u.s, u.cu, u.cr, u.mu, u.mr, u.sec
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
       $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[], $15::float8[],
       $16::int[])
       AS u(hour, ns, wl, person, attr, guild, pods, c, m, s, cu, cr, mu, mr, sec)
     ON CONFLICT ("clusterId","hour","namespace","workload") DO UPDATE SET
       "personId" = EXCLUDED."personId", "attribution" = EXCLUDED."attribution", "guildId" = EXCLUDED."guildId",
       "pods" = GREATEST("UsageHour"."pods", EXCLUDED."pods"), ${sums}`,
    clusterId,
    hours.map((h) => iso(h.hour)),
    col("namespace"),
    col("workload"),
    col("personId"),
    col("attribution"),
    col("guildId"),
    col("pods"),
    ...HOUR_SUMS.map((c) => col(c)),
  );
}

async function addClusterHours(tx: Tx, clusterId: string, rows: readonly ClusterHourRow[]): Promise<void> {
  for (const add of rows) {
    const where = { clusterId_hour: { clusterId, hour: add.hour } };
    const prior = await tx.clusterHour.findUnique({ where });
    const row = prior ? mergeClusterHour(prior, add) : add;
    await tx.clusterHour.upsert({ where, create: { clusterId, ...row }, update: row });
  }
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
  return prisma.$transaction(
    async (tx) => {
      let inserted = 0;
      if (pass.samples.length > 0) {
        inserted = await insertSamples(tx, clusterId, pass.samples);
        if (inserted === 0) return { written: false, samples: 0, hours: 0 };
      }
      const hours = rollupHour(pass.samples);
      if (hours.length > 0) await addHours(tx, clusterId, hours);
      await addClusterHours(tx, clusterId, rollupClusterHour([pass.cluster]));
      return { written: true, samples: inserted, hours: hours.length };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** Hours written directly (the demo's simulated history): added to what is stored, as passes are. */
export async function addUsageHours(
  prisma: PrismaClient,
  clusterId: string,
  hours: readonly UsageHourRow[],
  clusterHours: readonly ClusterHourRow[],
): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      // A pass's rows are unique per (hour, namespace, workload); ON CONFLICT needs that of one statement.
      const merged = mergeHours([], hours);
      if (merged.length > 0) await addHours(tx, clusterId, merged);
      await addClusterHours(tx, clusterId, clusterHours);
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

/** Whether the cluster has any hourly rollup before `before`. */
export async function hasUsageBefore(
  prisma: PrismaClient,
  clusterId: string,
  before: Date,
): Promise<boolean> {
  const row = await prisma.usageHour.findFirst({
    where: { clusterId, hour: { lt: before } },
    select: { hour: true },
  });
  return row !== null;
}
