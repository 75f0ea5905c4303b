import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@clustercord/contracts";

/**
 * AES-256-GCM for stored cluster credentials and OAuth tokens. Each record
 * carries the id of the key that sealed it and is bound to where it belongs
 * through the additional authenticated data (a cluster credential to its
 * guild and cluster, an OAuth token to its user, provider account and
 * column), so a sealed value copied elsewhere fails to open.
 *
 * Sealed form: `v1.<keyId>.<nonce b64url>.<ciphertext b64url>.<tag b64url>`.
 */

export interface CipherKey {
  id: string;
  key: Buffer;
}

/** Where a credential belongs; part of the authenticated data. */
export interface SealContext {
  guildId: string;
  clusterId: string;
}

/** Whose OAuth token a sealed value is; part of the authenticated data. */
export interface AccountTokenContext {
  userId: string;
  provider: string;
  providerAccountId: string;
  /** The column, so a sealed refresh token cannot stand in for the access token. */
  field: "access_token" | "refresh_token" | "id_token";
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** `v1.<keyId>.<nonce>.<ciphertext>.<tag>`, each part base64url. */
const SEALED = /^v1\.[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/**
 * Parses `id:base64key[,id:base64key...]` (the first key seals; all open).
 * Errors name the bad entry but never print key material.
 */
export function parseKeyring(spec: string): CipherKey[] {
  const entries = spec
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("no encryption key given (expected id:base64key)");
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const colon = entry.indexOf(":");
    const id = entry.slice(0, colon);
    if (colon < 1 || !KEY_ID.test(id)) {
      throw new Error(
        `encryption key #${i + 1}: expected id:base64key with an id of letters, digits, - or _`,
      );
    }
    if (seen.has(id)) throw new Error(`encryption key #${i + 1}: duplicate key id ${id}`);
    seen.add(id);
    const key = Buffer.from(entry.slice(colon + 1), "base64");
    if (key.length !== 32) {
      throw new Error(`encryption key ${id}: must be 32 bytes of base64 (got ${key.length} bytes)`);
    }
    return { id, key };
  });
}

const aad = (ctx: SealContext) => Buffer.from(`clustercord:v1:guild=${ctx.guildId}:cluster=${ctx.clusterId}`);
// JSON keeps the parts unambiguous; the prefix keeps it apart from cluster AAD.
const accountTokenAad = (ctx: AccountTokenContext) =>
  Buffer.from(
    `clustercord:v1:account-token:${JSON.stringify([ctx.userId, ctx.provider, ctx.providerAccountId, ctx.field])}`,
  );

export function createCredentialCipher(keyring: readonly CipherKey[]) {
  const active = keyring[0];
  if (!active) throw new Error("the keyring is empty");
  const byId = new Map(keyring.map((k) => [k.id, k.key]));

  const sealWith = (plaintext: string, data: Buffer): string => {
    const nonce = randomBytes(12); // 96-bit, fresh per write
    const cipher = createCipheriv("aes-256-gcm", active.key, nonce);
    cipher.setAAD(data);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", active.id, nonce, body, cipher.getAuthTag()]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  };

  /** `what` names the kind of record in errors ("credential", "OAuth token"); `bound` what the AAD binds. */
  const openWith = (sealed: string, data: Buffer, what: string, bound: string): string => {
    const [version, keyId, nonce, body, tag] = sealed.split(".");
    if (version !== "v1" || !keyId || !nonce || body === undefined || !tag) {
      throw new AppError("INTERNAL", { message: `stored ${what} is not in the v1 sealed format` });
    }
    const key = byId.get(keyId);
    if (!key) {
      throw new AppError("INTERNAL", {
        message: `stored ${what} was sealed with key ${keyId}, which is not configured`,
      });
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
      decipher.setAAD(data);
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    } catch (cause) {
      throw new AppError("INTERNAL", {
        message: `stored ${what} failed authentication (wrong key, ${bound})`,
        cause,
      });
    }
  };

  return {
    activeKeyId: active.id,

    seal: (plaintext: string, ctx: SealContext): string => sealWith(plaintext, aad(ctx)),

    open: (sealed: string, ctx: SealContext): string =>
      openWith(sealed, aad(ctx), "credential", "guild or cluster"),

    /** Seals an OAuth token for its row (user, provider account and column). */
    sealAccountToken: (plaintext: string, ctx: AccountTokenContext): string =>
      sealWith(plaintext, accountTokenAad(ctx)),

    openAccountToken: (sealed: string, ctx: AccountTokenContext): string =>
      openWith(sealed, accountTokenAad(ctx), "OAuth token", "user, account or column"),

    /** The key id a sealed value was written with (to find what to rotate). */
    keyIdOf: (sealed: string) => sealed.split(".")[1] ?? "",

    /** Whether a stored value is in the sealed form (rows from before sealing hold plaintext). */
    isSealed: (value: string) => SEALED.test(value),
  };
}

export type CredentialCipher = ReturnType<typeof createCredentialCipher>;
