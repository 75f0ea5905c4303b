import type { EnvelopeCipher } from "@clustercord/auth";
import { type PrismaClient, rewrapSnapshotKeys } from "@clustercord/db";
import { rewrapSnapshot } from "./snapshot-secrets";

/**
 * `npm run keys:rotate` for snapshots: re-wraps each archive's data key under
 * the envelope's active key. The archives in the blob store are untouched
 * (only the small wrapped keys in the database change: the archive's and
 * the key its Secrets' values are sealed with).
 */
export function rotateSnapshotKeys(prisma: PrismaClient, envelope: EnvelopeCipher): Promise<number> {
  return rewrapSnapshotKeys(prisma, envelope.activeKeyId, (row) => rewrapSnapshot(envelope, row));
}
