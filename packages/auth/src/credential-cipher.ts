import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@clustercord/contracts";

/**
 * AES-256-GCM for stored cluster credentials. Each record carries the id of
 * the key that sealed it and is bound to its guild and cluster through the
 * additional authenticated data, so a sealed credential copied to another
 * guild or cluster fails to open.
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

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

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

export function createCredentialCipher(keyring: readonly CipherKey[]) {
  const active = keyring[0];
  if (!active) throw new Error("the keyring is empty");
  const byId = new Map(keyring.map((k) => [k.id, k.key]));

  return {
    activeKeyId: active.id,

    seal(plaintext: string, ctx: SealContext): string {
      const nonce = randomBytes(12); // 96-bit, fresh per write
      const cipher = createCipheriv("aes-256-gcm", active.key, nonce);
      cipher.setAAD(aad(ctx));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return ["v1", active.id, nonce, body, cipher.getAuthTag()]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },

    open(sealed: string, ctx: SealContext): string {
      const [version, keyId, nonce, body, tag] = sealed.split(".");
      if (version !== "v1" || !keyId || !nonce || body === undefined || !tag) {
        throw new AppError("INTERNAL", { message: "stored credential is not in the v1 sealed format" });
      }
      const key = byId.get(keyId);
      if (!key) {
        throw new AppError("INTERNAL", {
          message: `stored credential was sealed with key ${keyId}, which is not configured`,
        });
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
        decipher.setAAD(aad(ctx));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch (cause) {
        throw new AppError("INTERNAL", {
          message: "stored credential failed authentication (wrong key, guild or cluster)",
          cause,
        });
      }
    },

    /** The key id a sealed value was written with (to find what to rotate). */
    keyIdOf: (sealed: string) => sealed.split(".")[1] ?? "",
  };
}

export type CredentialCipher = ReturnType<typeof createCredentialCipher>;
