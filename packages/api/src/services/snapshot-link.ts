import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "@clustercord/contracts";

/**
 * The signed download link of a snapshot: `<id>.<guild>.<user>.<via>.<expires>.<mac>`,
 * HMAC-SHA256 under a key derived from the confirmations' key (so a link can
 * never stand in for a confirmation token, nor the other way round), valid
 * for five minutes. The link carries ids only; the handler reads the row
 * again and checks the person's role before anything is streamed.
 */
export const DOWNLOAD_LINK_TTL_MS = 5 * 60_000;

export interface DownloadGrant {
  snapshotId: string;
  guildId: string;
  userId: string;
  /** The client that asked for the link, for the download's audit row. */
  via: "web" | "discord";
}

const linkKey = (confirmationKey: Buffer) =>
  createHmac("sha256", confirmationKey).update("clustercord:snapshot-download:v1").digest();

const mac = (key: Buffer, payload: string) =>
  createHmac("sha256", linkKey(key)).update(payload).digest().subarray(0, 20).toString("base64url");

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function signDownloadLink(key: Buffer, grant: DownloadGrant, now = Date.now()) {
  const expiresAt = now + DOWNLOAD_LINK_TTL_MS;
  const payload = [grant.snapshotId, grant.guildId, grant.userId, grant.via, expiresAt.toString(36)].join(
    ".",
  );
  return { token: `${payload}.${mac(key, payload)}`, expiresAt: new Date(expiresAt) };
}

const refused = (userMessage: string) => new AppError("FORBIDDEN", { userMessage });

/** The grant a token carries, or a refusal saying why (bad signature, expired). */
export function verifyDownloadLink(key: Buffer, token: string, now = Date.now()): DownloadGrant {
  const parts = token.split(".");
  const [snapshotId = "", guildId = "", userId = "", via = "", expires = "", signature = ""] = parts;
  if (
    parts.length !== 6 ||
    ![snapshotId, guildId, userId, expires].every((p) => ID.test(p)) ||
    (via !== "web" && via !== "discord")
  )
    throw refused("That download link is not valid; ask for a new one.");
  const payload = parts.slice(0, 5).join(".");
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(key, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw refused("That download link is not valid; ask for a new one.");
  if (Number.parseInt(expires, 36) < now)
    throw refused("That download link expired (links last 5 minutes); ask for a new one.");
  return { snapshotId, guildId, userId, via };
}
