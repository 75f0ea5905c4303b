import type { Prisma, PrismaClient } from "./generated/client";

/** What ClusterCord intends for one policy on one cluster (scope and exclusions as in contracts). */
export interface ClusterPolicyRow {
  clusterId: string;
  policy: string;
  mode: string;
  scope: unknown;
  exclusions: unknown;
  enabledBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export async function listClusterPolicies(
  prisma: PrismaClient,
  clusterId: string,
): Promise<ClusterPolicyRow[]> {
  return prisma.clusterPolicy.findMany({ where: { clusterId }, orderBy: { policy: "asc" } });
}

export async function findClusterPolicy(
  prisma: PrismaClient,
  clusterId: string,
  policy: string,
): Promise<ClusterPolicyRow | null> {
  return prisma.clusterPolicy.findUnique({ where: { clusterId_policy: { clusterId, policy } } });
}

export async function upsertClusterPolicy(
  prisma: PrismaClient,
  row: Pick<ClusterPolicyRow, "clusterId" | "policy" | "mode" | "scope" | "exclusions" | "enabledBy">,
): Promise<ClusterPolicyRow> {
  const data = {
    mode: row.mode,
    scope: row.scope as Prisma.InputJsonValue,
    exclusions: row.exclusions as Prisma.InputJsonValue,
    enabledBy: row.enabledBy,
  };
  return prisma.clusterPolicy.upsert({
    where: { clusterId_policy: { clusterId: row.clusterId, policy: row.policy } },
    create: { clusterId: row.clusterId, policy: row.policy, ...data },
    update: data,
  });
}

/** Removes the row and resolves that policy's open violations, in one transaction. */
export async function deleteClusterPolicy(
  prisma: PrismaClient,
  clusterId: string,
  policy: string,
  at: Date,
): Promise<{ resolved: number }> {
  const [, resolved] = await prisma.$transaction([
    prisma.clusterPolicy.deleteMany({ where: { clusterId, policy } }),
    prisma.policyViolation.updateMany({
      where: { clusterId, policy, resolvedAt: null },
      data: { resolvedAt: at },
    }),
  ]);
  return { resolved: resolved.count };
}

/** Clusters with at least one policy enabled: the background audit's work list. */
export async function listClustersWithPolicies(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.clusterPolicy.findMany({ distinct: ["clusterId"], select: { clusterId: true } });
  return rows.map((r) => r.clusterId);
}

export interface ViolationRow {
  id: string;
  clusterId: string;
  policy: string;
  severity: string;
  namespace: string;
  apiVersion: string;
  kind: string;
  name: string;
  uid: string | null;
  /** "" for the pod itself. */
  container: string;
  message: string;
  fixAvailable: boolean;
  firstSeen: Date;
  lastSeen: Date;
  resolvedAt: Date | null;
}

export type ViolationFields = Omit<
  ViolationRow,
  "id" | "clusterId" | "firstSeen" | "lastSeen" | "resolvedAt"
>;

export async function listViolationRows(
  prisma: PrismaClient,
  clusterId: string,
  options: { includeResolved?: boolean } = {},
): Promise<ViolationRow[]> {
  return prisma.policyViolation.findMany({
    where: { clusterId, ...(options.includeResolved ? {} : { resolvedAt: null }) },
  });
}

/** One audit pass's changes, planned by the caller against the rows it read. */
export interface AuditPassWrites {
  at: Date;
  /** New violations (first seen now). */
  create: ViolationFields[];
  /** Still open: last seen now. */
  touch: string[];
  /** Resolved rows seen again: reopened, first seen now. */
  reopen: string[];
  /** Open rows no longer found. */
  resolve: string[];
  /** Rows whose message, severity, uid or fix availability changed. */
  update: { id: string; fields: Partial<ViolationFields> }[];
  /** The pass's totals, kept as the cluster's last audit. */
  objects: number;
  open: number;
  /** Resolved rows older than this are deleted. */
  pruneResolvedBefore: Date;
}

/** Writes one audit pass in a few statements (batched by kind of change), in one transaction. */
export async function writeAuditPass(
  prisma: PrismaClient,
  clusterId: string,
  writes: AuditPassWrites,
): Promise<void> {
  const { at } = writes;
  const statements: Prisma.PrismaPromise<unknown>[] = [];
  if (writes.create.length > 0)
    statements.push(
      prisma.policyViolation.createMany({
        data: writes.create.map((v) => ({ ...v, clusterId, firstSeen: at, lastSeen: at })),
        skipDuplicates: true,
      }),
    );
  if (writes.touch.length > 0)
    statements.push(
      prisma.policyViolation.updateMany({ where: { id: { in: writes.touch } }, data: { lastSeen: at } }),
    );
  if (writes.reopen.length > 0)
    statements.push(
      prisma.policyViolation.updateMany({
        where: { id: { in: writes.reopen } },
        data: { firstSeen: at, lastSeen: at, resolvedAt: null },
      }),
    );
  if (writes.resolve.length > 0)
    statements.push(
      prisma.policyViolation.updateMany({ where: { id: { in: writes.resolve } }, data: { resolvedAt: at } }),
    );
  for (const { id, fields } of writes.update)
    statements.push(prisma.policyViolation.update({ where: { id }, data: fields }));
  statements.push(
    prisma.policyViolation.deleteMany({
      where: { clusterId, resolvedAt: { lt: writes.pruneResolvedBefore } },
    }),
    prisma.policyAuditRun.upsert({
      where: { clusterId },
      create: { clusterId, finishedAt: at, objects: writes.objects, open: writes.open },
      update: { finishedAt: at, objects: writes.objects, open: writes.open },
    }),
  );
  await prisma.$transaction(statements);
}

export async function findLastAuditRun(
  prisma: PrismaClient,
  clusterId: string,
): Promise<{ finishedAt: Date; objects: number; open: number } | null> {
  return prisma.policyAuditRun.findUnique({ where: { clusterId } });
}

/** The guild that owns a cluster (the background audit opens clusters without a person). */
export async function findClusterOwner(prisma: PrismaClient, clusterId: string): Promise<string | null> {
  const row = await prisma.cluster.findUnique({ where: { id: clusterId }, select: { guildId: true } });
  return row?.guildId ?? null;
}
