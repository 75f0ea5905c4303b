import type { AuditEntry, Via } from "@clustercord/contracts";
import type { PrismaClient } from "./generated/client";

export interface AuditWrite {
  actorId: string;
  actorName: string;
  guildId: string | null;
  action: string;
  target: string;
  via: Via;
  result: "ok" | "error";
  detail?: string | null;
}

export async function writeAudit(prisma: PrismaClient, row: AuditWrite): Promise<void> {
  await prisma.auditLog.create({
    data: { ...row, detail: row.detail?.slice(0, 500) ?? null, target: row.target.slice(0, 300) },
  });
}

/** Newest first, keyset-paginated by id. */
export async function listAudit(
  prisma: PrismaClient,
  options: { guildId: string; limit: number; cursor?: string | undefined },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const rows = await prisma.auditLog.findMany({
    where: {
      guildId: options.guildId,
      ...(options.cursor ? { id: { lt: BigInt(options.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      guildId: r.guildId,
      action: r.action,
      target: r.target,
      via: r.via as Via,
      result: r.result as "ok" | "error",
      detail: r.detail,
    })),
    nextCursor: rows.length > options.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

/**
 * Deletes audit rows written before `before`, oldest first, in batches so no
 * single statement holds a long lock on a big table. Returns how many went.
 */
export async function deleteAuditRowsBefore(
  prisma: PrismaClient,
  before: Date,
  options: { batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 1_000;
  let deleted = 0;
  for (;;) {
    const batch = await prisma.auditLog.findMany({
      where: { at: { lt: before } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) return deleted;
    const { count } = await prisma.auditLog.deleteMany({ where: { id: { in: batch.map((row) => row.id) } } });
    deleted += count;
    if (batch.length < batchSize) return deleted;
  }
}
