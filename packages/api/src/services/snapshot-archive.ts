/**
 * A snapshot's objects, read back: the sealed blob fetched from the store and
 * opened whole in memory, so nothing is parsed, compared or applied before
 * its authentication tag has checked (a tampered archive is refused with
 * "... failed its integrity check"). And the live cluster in the same scope
 * and form, collected as the person.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { AppError } from "@clustercord/contracts";
import type { SnapshotRow } from "@clustercord/db";
import {
  type CollectScope,
  collectLive,
  readSnapshotArchive,
  type SnapshotArchive,
  SnapshotArchiveError,
  SnapshotCollectError,
  type SnapshotSource,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import type { SnapshotTarget } from "./snapshot-access";
import { type SealOwner, type SecretSealer, secretSealer, snapshotAad } from "./snapshot-secrets";
import { snapshotsDeps } from "./snapshots";

/** Archives larger than this (stored) are not opened in memory for a diff or a restore. */
export const ARCHIVE_OPEN_MAX_BYTES = 512 * 1024 * 1024;

async function readAll(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw new AppError("BAD_REQUEST", {
        userMessage: `The ${what} is over ${limit / 1024 / 1024} MiB; download it instead.`,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const archiveWhat = (row: Pick<SnapshotRow, "id">) => `archive of snapshot ${row.id}`;

/** The sealed blob of a ready snapshot, opened and checked (the tag verified before any byte is used). */
export async function openSnapshotBytes(deps: ApiDeps, row: SnapshotRow): Promise<Buffer> {
  const { store, envelope } = snapshotsDeps(deps);
  if (!row.sealedHeader)
    throw new AppError("BAD_REQUEST", { userMessage: `Snapshot ${row.id} has no archive.` });
  const blob = await store.get(row.blobKey).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND")
      throw new AppError("NOT_FOUND", {
        message: error.message,
        userMessage: `The archive of snapshot ${row.id} is missing from the store.`,
      });
    throw error;
  });
  const body = await readAll(blob, ARCHIVE_OPEN_MAX_BYTES, archiveWhat(row));
  return envelope.openBuffer(row.sealedHeader, body, snapshotAad(row), archiveWhat(row));
}

/** A ready snapshot's archive, read (its manifest and index; objects parsed on demand). */
export async function openSnapshotArchive(deps: ApiDeps, row: SnapshotRow): Promise<SnapshotArchive> {
  const plain = await openSnapshotBytes(deps, row);
  try {
    return await readSnapshotArchive(Readable.from([plain]));
  } catch (error) {
    if (error instanceof SnapshotArchiveError)
      throw new AppError("BAD_REQUEST", {
        message: error.message,
        userMessage: `Snapshot ${row.id}: ${error.message}.`,
      });
    throw error;
  }
}

export const collectScopeOf = (target: SnapshotTarget): CollectScope =>
  target.scope === "cluster" ? { kind: "cluster" } : { kind: "namespaces", namespaces: target.namespaces };

/**
 * The live cluster in the target's scope, as the person, in memory; its
 * Secrets sealed under a throwaway key (its sealer returned) so the
 * comparison opens them like a snapshot's.
 */
export async function collectLiveAs(
  actor: { guildId: string },
  target: SnapshotTarget,
): Promise<{ source: SnapshotSource; sealer: SecretSealer }> {
  const owner: SealOwner = { guildId: actor.guildId, id: `live-${randomUUID()}` };
  const sealer = secretSealer(randomBytes(32), owner);
  const source = await collectLive({
    kc: target.kc,
    scope: collectScopeOf(target),
    sealSecret: (secret) => sealer.seal(secret),
  }).catch((error: unknown) => {
    if (error instanceof SnapshotCollectError)
      throw new AppError("UPSTREAM", {
        message: error.message,
        userMessage: `Reading the live cluster failed: ${error.message}.`,
      });
    throw error;
  });
  return { source, sealer };
}
