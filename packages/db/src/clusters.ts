import { AppError } from "@clustercord/contracts";
import { Prisma, type PrismaClient } from "./generated/client";

/** A cluster as the API shows it: never the credential. */
export interface ClusterRecord {
  id: string;
  guildId: string;
  name: string;
  server: string;
  shared: boolean;
  insecure: boolean;
  createdBy: string;
  createdAt: Date;
  /** Guilds other than the owner that accepted a place on it (pending invitations are not counted). */
  grantedGuildIds: string[];
}

export interface SealedCluster extends ClusterRecord {
  credential: string;
  keyId: string;
}

const withTenants = { tenants: { select: { guildId: true, status: true } } } as const;

function toRecord(row: Prisma.ClusterGetPayload<{ include: typeof withTenants }>): SealedCluster {
  const { tenants, ...rest } = row;
  return {
    ...rest,
    grantedGuildIds: tenants
      .filter((t) => t.status === "accepted" && t.guildId !== row.guildId)
      .map((t) => t.guildId),
  };
}

/**
 * The guild owns the cluster or accepted a place on it. A pending invitation
 * shows nothing: every use of a cluster (lists, openCluster, streams) goes
 * through here, so an owner cannot push a cluster into a guild unasked.
 */
const visibleTo = (guildId: string) => ({
  OR: [{ guildId }, { tenants: { some: { guildId, status: "accepted" as const } } }],
});

export function withoutCredential({ credential: _c, keyId: _k, ...record }: SealedCluster): ClusterRecord {
  return record;
}

export async function insertCluster(
  prisma: PrismaClient,
  data: Omit<SealedCluster, "createdAt" | "grantedGuildIds">,
): Promise<ClusterRecord> {
  try {
    // On a shared cluster the owner is a tenant too, its namespace applied at add.
    const row = await prisma.cluster.create({
      data: {
        ...data,
        ...(data.shared
          ? {
              tenants: {
                create: {
                  guildId: data.guildId,
                  status: "accepted",
                  createdBy: data.createdBy,
                  appliedAt: new Date(),
                },
              },
            }
          : {}),
      },
      include: withTenants,
    });
    return withoutCredential(toRecord(row));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", {
        userMessage: `A cluster named "${data.name}" already exists in this server.`,
      });
    }
    throw error;
  }
}

/** Clusters a guild owns or was granted, by name. */
export async function listGuildClusters(prisma: PrismaClient, guildId: string): Promise<ClusterRecord[]> {
  const rows = await prisma.cluster.findMany({
    where: visibleTo(guildId),
    include: withTenants,
    orderBy: { name: "asc" },
  });
  return rows.map((r) => withoutCredential(toRecord(r)));
}

/** A cluster visible to the guild (owned or granted), or null: other guilds' clusters do not exist for it. */
export async function findGuildCluster(
  prisma: PrismaClient,
  guildId: string,
  clusterId: string,
): Promise<SealedCluster | null> {
  const row = await prisma.cluster.findFirst({
    where: { id: clusterId, ...visibleTo(guildId) },
    include: withTenants,
  });
  return row ? toRecord(row) : null;
}

export async function renameCluster(
  prisma: PrismaClient,
  ownerGuildId: string,
  clusterId: string,
  name: string,
) {
  try {
    const { count } = await prisma.cluster.updateMany({
      where: { id: clusterId, guildId: ownerGuildId },
      data: { name },
    });
    if (count === 0) throw new AppError("NOT_FOUND", { userMessage: "No such cluster in this server." });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", {
        userMessage: `A cluster named "${name}" already exists in this server.`,
      });
    }
    throw error;
  }
}

/** How many dedicated registrations a guild has for an API server (other than `exceptId`). */
export async function countDedicatedRegistrations(
  prisma: PrismaClient,
  guildId: string,
  server: string,
  exceptId?: string,
): Promise<number> {
  return prisma.cluster.count({
    where: { guildId, server, shared: false, ...(exceptId ? { id: { not: exceptId } } : {}) },
  });
}

export async function deleteCluster(
  prisma: PrismaClient,
  ownerGuildId: string,
  clusterId: string,
): Promise<void> {
  const { count } = await prisma.cluster.deleteMany({ where: { id: clusterId, guildId: ownerGuildId } });
  if (count === 0) throw new AppError("NOT_FOUND", { userMessage: "No such cluster in this server." });
}

/** Removes a guild's cluster by name, if present (demo re-seeding). */
export async function deleteClusterByName(
  prisma: PrismaClient,
  guildId: string,
  name: string,
): Promise<void> {
  await prisma.cluster.deleteMany({ where: { guildId, name } });
}

/**
 * Re-seals every credential not sealed with `activeKeyId`, one transaction
 * per record so a failure leaves each record either old or new, never
 * half-written. Returns how many were re-sealed.
 */
export async function resealClusterCredentials(
  prisma: PrismaClient,
  activeKeyId: string,
  reseal: (row: { id: string; guildId: string; credential: string }) => string,
): Promise<number> {
  const stale = await prisma.cluster.findMany({
    where: { keyId: { not: activeKeyId } },
    select: { id: true, guildId: true, credential: true, keyId: true },
  });
  for (const row of stale) {
    const credential = reseal(row);
    await prisma.cluster.updateMany({
      where: { id: row.id, keyId: row.keyId },
      data: { credential, keyId: activeKeyId },
    });
  }
  return stale.length;
}
