import { AppError } from "@clustercord/contracts";
import { Prisma, type PrismaClient } from "./generated/client";

/**
 * The credential cipher's context for a repository's credentials: the
 * cluster slot holds the repository's id in its own namespace, so a sealed
 * repository credential never opens as a cluster's (or another repository's).
 */
export const helmRepositorySealContext = (guildId: string, repositoryId: string) => ({
  guildId,
  clusterId: `helm-repository:${repositoryId}`,
});

/** A guild's chart repository as the API shows it: never the credential. */
export interface HelmRepositoryRecord {
  id: string;
  guildId: string;
  name: string;
  url: string;
  hasCredentials: boolean;
  createdBy: string;
  createdAt: Date;
}

/** The stored row, with the sealed credential (null for a public repository). */
export interface SealedHelmRepository extends HelmRepositoryRecord {
  credential: string | null;
  keyId: string | null;
}

type Row = Prisma.HelmRepositoryGetPayload<object>;

function toSealed(row: Row): SealedHelmRepository {
  return {
    id: row.id,
    guildId: row.guildId,
    name: row.name,
    url: row.url,
    hasCredentials: row.credential !== null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    credential: row.credential,
    keyId: row.keyId,
  };
}

export function repositoryWithoutCredential({
  credential: _c,
  keyId: _k,
  ...record
}: SealedHelmRepository): HelmRepositoryRecord {
  return record;
}

export async function insertHelmRepository(
  prisma: PrismaClient,
  data: {
    id: string;
    guildId: string;
    name: string;
    url: string;
    credential: string | null;
    keyId: string | null;
    createdBy: string;
  },
): Promise<HelmRepositoryRecord> {
  try {
    return repositoryWithoutCredential(toSealed(await prisma.helmRepository.create({ data })));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", {
        userMessage: `A chart repository named "${data.name}" already exists in this server.`,
      });
    }
    throw error;
  }
}

/** The guild's repositories by name, credentials sealed (the catalog opens them to fetch). */
export async function listHelmRepositories(
  prisma: PrismaClient,
  guildId: string,
): Promise<SealedHelmRepository[]> {
  const rows = await prisma.helmRepository.findMany({ where: { guildId }, orderBy: { name: "asc" } });
  return rows.map(toSealed);
}

export async function findHelmRepository(
  prisma: PrismaClient,
  guildId: string,
  name: string,
): Promise<SealedHelmRepository | null> {
  const row = await prisma.helmRepository.findUnique({ where: { guildId_name: { guildId, name } } });
  return row ? toSealed(row) : null;
}

/** Removes a guild's repository by name; false when there was none. */
export async function deleteHelmRepository(
  prisma: PrismaClient,
  guildId: string,
  name: string,
): Promise<boolean> {
  const { count } = await prisma.helmRepository.deleteMany({ where: { guildId, name } });
  return count > 0;
}

/**
 * Re-seals every repository credential not sealed with `activeKeyId`, one
 * update per record (as resealClusterCredentials). Returns how many.
 */
export async function resealHelmRepositoryCredentials(
  prisma: PrismaClient,
  activeKeyId: string,
  reseal: (row: { id: string; guildId: string; credential: string }) => string,
): Promise<number> {
  const stale = await prisma.helmRepository.findMany({
    where: { credential: { not: null }, keyId: { not: activeKeyId } },
    select: { id: true, guildId: true, credential: true, keyId: true },
  });
  for (const row of stale) {
    if (row.credential === null) continue;
    const credential = reseal({ id: row.id, guildId: row.guildId, credential: row.credential });
    await prisma.helmRepository.updateMany({
      where: { id: row.id, keyId: row.keyId },
      data: { credential, keyId: activeKeyId },
    });
  }
  return stale.length;
}
