/**
 * Diagnostics findings history (one row per cluster and fingerprint), the
 * audit rows and plans that name what resolved a finding, and the usage
 * samples the OOM prediction reads.
 */
import type { ObjectRef } from "@clustercord/contracts";
import type { PrismaClient } from "./generated/client";

/** A stored finding's history; the same shape as @clustercord/diagnostics' HistoryRow. */
export interface DiagnosticFindingRow {
  fingerprint: string;
  findingId: string;
  severity: string;
  title: string;
  target: ObjectRef;
  firstSeen: Date;
  lastSeen: Date;
  occurrences: number;
  openSince: Date | null;
  resolvedAt: Date | null;
  resolvedAfter: Date | null;
}

/** Which stored rows a pass or a query is about. */
export type HistoryScope =
  | { kind: "target"; target: ObjectRef }
  | { kind: "namespaces"; namespaces: readonly string[] }
  | { kind: "cluster" };

type Stored = {
  fingerprint: string;
  findingId: string;
  severity: string;
  title: string;
  targetKind: string;
  targetNamespace: string;
  targetName: string;
  firstSeen: Date;
  lastSeen: Date;
  occurrences: number;
  openSince: Date | null;
  resolvedAt: Date | null;
  resolvedAfter: Date | null;
};

const toRow = (r: Stored): DiagnosticFindingRow => ({
  fingerprint: r.fingerprint,
  findingId: r.findingId,
  severity: r.severity,
  title: r.title,
  target: { kind: r.targetKind, namespace: r.targetNamespace || null, name: r.targetName },
  firstSeen: r.firstSeen,
  lastSeen: r.lastSeen,
  occurrences: r.occurrences,
  openSince: r.openSince,
  resolvedAt: r.resolvedAt,
  resolvedAfter: r.resolvedAfter,
});

function scopeWhere(scope: HistoryScope) {
  if (scope.kind === "cluster") return {};
  if (scope.kind === "namespaces") return { targetNamespace: { in: [...scope.namespaces] } };
  const t = scope.target;
  // A namespace target covers everything in it.
  if (t.kind === "Namespace") return { targetNamespace: t.name };
  return { targetKind: t.kind, targetNamespace: t.namespace ?? "", targetName: t.name };
}

/** What a pass needs: the rows of the fingerprints it saw and the open rows in its scope. One query. */
export async function loadPassHistory(
  prisma: PrismaClient,
  clusterId: string,
  fingerprints: readonly string[],
  scope: HistoryScope,
): Promise<DiagnosticFindingRow[]> {
  const rows = await prisma.diagnosticFinding.findMany({
    where: {
      clusterId,
      OR: [{ fingerprint: { in: [...fingerprints] } }, { ...scopeWhere(scope), openSince: { not: null } }],
    },
  });
  return rows.map(toRow);
}

/** The stored rows for a target (a namespace target: all in it) or a fingerprint: open first, then newest. */
export async function listFindingHistory(
  prisma: PrismaClient,
  clusterId: string,
  query: { target: ObjectRef } | { fingerprint: string },
  limit = 200,
): Promise<DiagnosticFindingRow[]> {
  const rows = await prisma.diagnosticFinding.findMany({
    where: {
      clusterId,
      ...("fingerprint" in query
        ? { fingerprint: query.fingerprint }
        : scopeWhere({ kind: "target", target: query.target })),
    },
    orderBy: [{ lastSeen: "desc" }, { fingerprint: "asc" }],
    take: limit,
  });
  const out = rows.map(toRow);
  return [...out.filter((r) => r.openSince), ...out.filter((r) => !r.openSince)];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A pass's changed rows in one statement (one array per column), whole rows:
 * the pure fold computed them from what was stored.
 */
export async function saveFindingHistory(
  prisma: PrismaClient,
  clusterId: string,
  rows: readonly DiagnosticFindingRow[],
): Promise<void> {
  if (!rows.length) return;
  const col = <T>(f: (r: DiagnosticFindingRow) => T) => rows.map(f);
  await prisma.$executeRawUnsafe(
    `INSERT INTO "DiagnosticFinding" ("clusterId","fingerprint","findingId","severity","title","targetKind",
       "targetNamespace","targetName","firstSeen","lastSeen","occurrences","openSince","resolvedAt","resolvedAfter")
     SELECT $1, u.fp, u.fid, u.sev, u.title, u.kind, u.ns, u.name,
       (u.first::timestamptz AT TIME ZONE 'UTC'), (u.last::timestamptz AT TIME ZONE 'UTC'), u.occ,
       (u.open::timestamptz AT TIME ZONE 'UTC'), (u.res::timestamptz AT TIME ZONE 'UTC'),
       (u.after::timestamptz AT TIME ZONE 'UTC')
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[])
       AS u(fp, fid, sev, title, kind, ns, name, first, last, occ, open, res, after)
     ON CONFLICT ("clusterId","fingerprint") DO UPDATE SET
       "findingId" = EXCLUDED."findingId", "severity" = EXCLUDED."severity", "title" = EXCLUDED."title",
       "lastSeen" = EXCLUDED."lastSeen", "occurrences" = EXCLUDED."occurrences",
       "openSince" = EXCLUDED."openSince", "resolvedAt" = EXCLUDED."resolvedAt",
       "resolvedAfter" = EXCLUDED."resolvedAfter"`,
    clusterId,
    col((r) => r.fingerprint),
    col((r) => r.findingId),
    col((r) => r.severity),
    col((r) => r.title),
    col((r) => r.target.kind),
    col((r) => r.target.namespace ?? ""),
    col((r) => r.target.name),
    col((r) => r.firstSeen.toISOString()),
    col((r) => r.lastSeen.toISOString()),
    col((r) => r.occurrences),
    col((r) => iso(r.openSince)),
    col((r) => iso(r.resolvedAt)),
    col((r) => iso(r.resolvedAfter)),
  );
}

export interface ResolutionAuditRow {
  at: Date;
  actorId: string;
  actorName: string;
  action: string;
  target: string;
  via: string;
}

/**
 * A guild's successful mutations on one cluster (audit targets start with
 * `cluster/<id>/`) in (from, to], newest first: the candidates for what resolved a finding.
 */
export async function listClusterAuditBetween(
  prisma: PrismaClient,
  options: { guildId: string; clusterId: string; from: Date; to: Date },
): Promise<ResolutionAuditRow[]> {
  return prisma.auditLog.findMany({
    where: {
      guildId: options.guildId,
      result: "ok",
      target: { startsWith: `cluster/${options.clusterId}/` },
      at: { gt: options.from, lte: options.to },
    },
    select: { at: true, actorId: true, actorName: true, action: true, target: true, via: true },
    // The latest 500: the action closest to a resolution is the one that names it.
    orderBy: { id: "desc" },
    take: 500,
  });
}

/** What confirmed plans were about: Helm operations (namespace, revision) and apply plans (summary). */
export async function findPlanFacts(
  prisma: PrismaClient,
  planIds: readonly string[],
): Promise<{
  helm: { id: string; kind: string; namespace: string; release: string; targetRevision: number | null }[];
  apply: { id: string; origin: string; summary: string }[];
}> {
  if (!planIds.length) return { helm: [], apply: [] };
  const ids = [...planIds];
  const [helm, apply] = await Promise.all([
    prisma.helmOperation.findMany({
      where: { id: { in: ids } },
      select: { id: true, kind: true, namespace: true, release: true, targetRevision: true },
    }),
    prisma.applyPlan.findMany({
      where: { id: { in: ids } },
      select: { id: true, origin: true, summary: true },
    }),
  ]);
  return { helm, apply };
}

/** The sampler's memory readings of some workloads (`Kind/name`) in one namespace since `since`, oldest first. */
export async function listWorkloadMemory(
  prisma: PrismaClient,
  options: { clusterId: string; namespace: string; workloads: readonly string[]; since: Date },
): Promise<{ workload: string; at: Date; memUsageGb: number; pods: number }[]> {
  if (!options.workloads.length) return [];
  return prisma.usageSample.findMany({
    where: {
      clusterId: options.clusterId,
      namespace: options.namespace,
      workload: { in: [...options.workloads] },
      at: { gte: options.since },
    },
    select: { workload: true, at: true, memUsageGb: true, pods: true },
    orderBy: { at: "asc" },
  });
}
