/**
 * GET /api/snapshots/download?token=...: the `.tar.gz` behind a link that
 * snapshots.download signed (5 minutes; snapshot, guild and person in it).
 * The person's membership and role are read again, and their right to the
 * snapshot's contents (its namespaces, or the whole cluster) asked of the
 * cluster, before anything is sent.
 *
 * Integrity first: GCM can only check the archive's tag at its end, so the
 * blob is decrypted into a private temporary file, and only once the tag has
 * checked is the file sent, with its exact Content-Length. A tampered archive
 * is therefore refused with a clear 400 before a single byte of it goes out
 * (never a "complete" download of unverified bytes); the cost is a
 * temporary copy on local disk for the length of the download.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { AppError, roleAtLeast } from "@clustercord/contracts";
import { findSnapshot, writeAudit } from "@clustercord/db";
import { defaultLogger } from "@clustercord/telemetry";
import { type ApiDeps, requestLogger } from "./context";
import { isUnexpected, toAppError } from "./errors";
import { describeUser, resolveMembership } from "./services/membership";
import { archiveWhat } from "./services/snapshot-archive";
import { verifyDownloadLink } from "./services/snapshot-link";
import { snapshotAad } from "./services/snapshot-secrets";
import { contentTarget, noSuchSnapshot, snapshotFileName, snapshotsDeps } from "./services/snapshots";

export const SNAPSHOT_DOWNLOAD_PATH = "/api/snapshots/download";

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  UPSTREAM: 502,
  INTERNAL: 500,
};

function refuse(res: ServerResponse, error: AppError) {
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  res.writeHead(STATUS[error.code] ?? 500, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(JSON.stringify({ error: { message: error.userMessage, code: error.code } }));
}

/** The person behind a valid link, in their role now, and the snapshot they may read. */
async function authorize(deps: ApiDeps, token: string) {
  const grant = verifyDownloadLink(deps.confirmationKey, token);
  const membership = await resolveMembership(deps, grant.userId, grant.guildId);
  if (!membership)
    throw new AppError("FORBIDDEN", { userMessage: "You are not a member of that Discord server." });
  if (!roleAtLeast(membership.role, "operator"))
    throw new AppError("FORBIDDEN", {
      userMessage: `Downloading a snapshot needs the operator role; you are ${membership.role}.`,
    });
  const actor = { userId: grant.userId, guildId: grant.guildId, role: membership.role };
  const row = await findSnapshot(deps.prisma, grant.guildId, grant.snapshotId);
  if (!row) throw noSuchSnapshot(grant.snapshotId);
  if (row.status !== "ready" || !row.sealedHeader)
    throw new AppError("CONFLICT", {
      userMessage: `Snapshot ${row.id} has no archive to download (${row.status}).`,
    });
  await contentTarget(deps, actor, row);
  return { actor, row, sealedHeader: row.sealedHeader, via: grant.via };
}

export function createSnapshotDownloadHandler(deps: ApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const log = deps.log ? requestLogger(deps, req) : defaultLogger();
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      res.end();
      return;
    }
    let dir: string | null = null;
    try {
      const token = new URL(req.url ?? "/", "http://local").searchParams.get("token") ?? "";
      const { actor, row, sealedHeader, via } = await authorize(deps, token);
      const { store, envelope } = snapshotsDeps(deps);
      // Decrypted into a private file first: only bytes whose tag checked are ever sent.
      dir = await mkdtemp(join(tmpdir(), "clustercord-snapshot-"));
      const file = join(dir, "archive.tar.gz");
      await pipeline(
        await store.get(row.blobKey),
        envelope.openStream(sealedHeader, snapshotAad(row), archiveWhat(row)),
        createWriteStream(file, { mode: 0o600 }),
      );
      const { size } = await stat(file);
      const user = await describeUser(deps, actor.userId).catch(() => null);
      await writeAudit(deps.prisma, {
        actorId: actor.userId,
        actorName: user?.username ?? "unknown",
        guildId: actor.guildId,
        action: "snapshots.download",
        target: `snapshot/${row.id}`,
        via,
        result: "ok",
        detail: null,
      });
      res.writeHead(200, {
        "content-type": "application/gzip",
        "content-length": String(size),
        "content-disposition": `attachment; filename="${snapshotFileName(row)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      await pipeline(createReadStream(file), res);
    } catch (error) {
      const app = toAppError(error);
      if (isUnexpected(app)) log.error({ err: error }, "snapshot download failed");
      refuse(res, app);
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  };
}
