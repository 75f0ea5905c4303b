/**
 * The secrets vault's rows (issue 18). Values are only ever here sealed
 * (`VaultSecretVersion.sealed`, the envelope cipher's string); key names,
 * types and places are in the clear. Every write that makes a version is one
 * transaction that also trims the history to the newest `keep` versions.
 */
import { Prisma, type PrismaClient } from "./generated/client";

export interface VaultSecretRow {
  id: string;
  guildId: string;
  name: string;
  clusterId: string;
  namespace: string;
  type: string;
  currentVersion: number;
  createdById: string;
  updatedById: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface VaultVersionRow {
  id: string;
  secretId: string;
  version: number;
  sealed: string;
  keys: string[];
  reason: string;
  note: string | null;
  createdById: string;
  createdAt: Date;
}

export interface VaultPlacementRow {
  id: string;
  secretId: string;
  clusterId: string;
  namespace: string;
  version: number;
  appliedAt: Date;
  appliedById: string;
}

/** A secret with where it is applied, its newest version and how many versions are kept. */
export interface VaultSecretDetail extends VaultSecretRow {
  placements: VaultPlacementRow[];
  current: VaultVersionRow;
  versionsKept: number;
}

/** A new version's sealed values; `sealed` is computed for the version number it will get (it is in the AAD). */
export interface NewVaultVersion {
  sealed: string;
  keys: string[];
  reason: "created" | "rotated" | "restored";
  note?: string | null;
  createdById: string;
}

const detailInclude = {
  placements: { orderBy: [{ clusterId: "asc" }, { namespace: "asc" }] },
  versions: { orderBy: { version: "desc" }, take: 1 },
  _count: { select: { versions: true } },
} satisfies Prisma.VaultSecretInclude;

type DetailPayload = Prisma.VaultSecretGetPayload<{ include: typeof detailInclude }>;

function toDetail(row: DetailPayload): VaultSecretDetail {
  const { placements, versions, _count, ...secret } = row;
  const current = versions[0];
  if (!current) throw new Error(`vault secret ${secret.id} has no version`);
  return { ...secret, placements, current, versionsKept: _count.versions };
}

/** Whether an error is the unique (guild, name) index refusing a second secret of that name. */
export const isDuplicateVaultName = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

export async function findVaultSecret(
  prisma: PrismaClient,
  guildId: string,
  name: string,
): Promise<VaultSecretDetail | null> {
  const row = await prisma.vaultSecret.findUnique({
    where: { guildId_name: { guildId, name } },
    include: detailInclude,
  });
  return row ? toDetail(row) : null;
}

export async function listVaultSecrets(prisma: PrismaClient, guildId: string): Promise<VaultSecretDetail[]> {
  const rows = await prisma.vaultSecret.findMany({
    where: { guildId },
    include: detailInclude,
    orderBy: { name: "asc" },
  });
  return rows.map(toDetail);
}

/** Creates a secret with its version 1; throws the unique-index error when the name is taken (isDuplicateVaultName). */
export async function insertVaultSecret(
  prisma: PrismaClient,
  secret: { guildId: string; name: string; clusterId: string; namespace: string; type: string },
  first: NewVaultVersion,
): Promise<VaultSecretDetail> {
  const row = await prisma.vaultSecret.create({
    data: {
      ...secret,
      currentVersion: 1,
      createdById: first.createdById,
      updatedById: first.createdById,
      versions: {
        create: {
          version: 1,
          sealed: first.sealed,
          keys: first.keys,
          reason: first.reason,
          note: first.note ?? null,
          createdById: first.createdById,
        },
      },
    },
    include: detailInclude,
  });
  return toDetail(row);
}

/**
 * Adds version `expected + 1` and trims to the newest `keep` versions, in one
 * transaction; null when the secret moved past `expected` meanwhile (another
 * rotation won), so the caller's sealed values (bound to that number) are dropped.
 */
export async function addVaultVersion(
  prisma: PrismaClient,
  target: { secretId: string; expected: number; keep: number },
  version: NewVaultVersion,
): Promise<number | null> {
  const next = target.expected + 1;
  return prisma.$transaction(async (tx) => {
    const moved = await tx.vaultSecret.updateMany({
      where: { id: target.secretId, currentVersion: target.expected },
      data: { currentVersion: next, updatedById: version.createdById },
    });
    if (moved.count !== 1) return null;
    await tx.vaultSecretVersion.create({
      data: {
        secretId: target.secretId,
        version: next,
        sealed: version.sealed,
        keys: version.keys,
        reason: version.reason,
        note: version.note ?? null,
        createdById: version.createdById,
      },
    });
    await tx.vaultSecretVersion.deleteMany({
      where: { secretId: target.secretId, version: { lte: next - Math.max(1, target.keep) } },
    });
    return next;
  });
}

export async function findVaultVersion(
  prisma: PrismaClient,
  secretId: string,
  version: number,
): Promise<VaultVersionRow | null> {
  return prisma.vaultSecretVersion.findUnique({ where: { secretId_version: { secretId, version } } });
}

/** The kept versions, newest first. */
export async function listVaultVersions(prisma: PrismaClient, secretId: string): Promise<VaultVersionRow[]> {
  return prisma.vaultSecretVersion.findMany({ where: { secretId }, orderBy: { version: "desc" } });
}

/** Records (or moves) where a version was applied: one row per secret, cluster and namespace. */
export async function upsertVaultPlacement(
  prisma: PrismaClient,
  placement: Omit<VaultPlacementRow, "id">,
): Promise<VaultPlacementRow> {
  const { secretId, clusterId, namespace, ...rest } = placement;
  return prisma.vaultSecretPlacement.upsert({
    where: { secretId_clusterId_namespace: { secretId, clusterId, namespace } },
    create: placement,
    update: rest,
  });
}

/**
 * Forgets every place on a removed cluster that secrets were applied to, so
 * rotations and restores re-apply where the secret can still go.
 */
export async function deleteVaultPlacementsOnCluster(
  prisma: PrismaClient,
  clusterId: string,
): Promise<number> {
  const { count } = await prisma.vaultSecretPlacement.deleteMany({ where: { clusterId } });
  return count;
}

/** Removes the secret, its versions and placements (the cascade); false when it was already gone. */
export async function deleteVaultSecret(prisma: PrismaClient, secretId: string): Promise<boolean> {
  const gone = await prisma.vaultSecret.deleteMany({ where: { id: secretId } });
  return gone.count === 1;
}

/**
 * The associated data of a sealed version: it binds the values to their
 * guild, secret and version number, so a sealed string copied to another row
 * fails to open.
 */
export const vaultVersionAad = (guildId: string, name: string, version: number) =>
  `vault:${guildId}:${name}:v${version}`;

/** What re-wrapping needs of the envelope cipher (packages/auth envelope.ts). */
export interface VaultRewrapper {
  needsRewrap(sealed: string): boolean;
  rewrap(sealed: string, aad: string, what?: string): string;
}

/**
 * `npm run keys:rotate`: re-wraps every version's data key under the active
 * key (the values' ciphertext is untouched). Versions already under it are
 * left alone; returns how many were re-wrapped.
 */
export async function rewrapVaultVersions(prisma: PrismaClient, envelope: VaultRewrapper): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.vaultSecretVersion.findMany({
      take: 200,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      orderBy: { id: "asc" },
      select: { id: true, version: true, sealed: true, secret: { select: { guildId: true, name: true } } },
    });
    if (rows.length === 0) return count;
    cursor = rows[rows.length - 1]?.id;
    for (const row of rows) {
      if (!envelope.needsRewrap(row.sealed)) continue;
      const { guildId, name } = row.secret;
      const sealed = envelope.rewrap(
        row.sealed,
        vaultVersionAad(guildId, name, row.version),
        `vault secret ${name} v${row.version}`,
      );
      // Only if unchanged since read: never overwrite a row another process just wrote.
      const done = await prisma.vaultSecretVersion.updateMany({
        where: { id: row.id, sealed: row.sealed },
        data: { sealed },
      });
      count += done.count;
    }
  }
}
