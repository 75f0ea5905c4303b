/**
 * A Secret inside a snapshot keeps its key names in the clear and its values
 * sealed (AES-256-GCM) under the snapshot's own secrets key, bound to the
 * guild, the snapshot and the Secret: a sealed value moved to another Secret,
 * snapshot or guild does not open. The secrets key is a fresh 256-bit key per
 * snapshot, stored in the database sealed with the vault's envelope scheme,
 * so `keys:rotate` re-wraps it like the archive's data key and old snapshots'
 * Secrets still open after the old master key is gone. Values are opened only
 * to compare them or to restore them into the cluster; never to show them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { EnvelopeCipher } from "@clustercord/auth";
import { AppError } from "@clustercord/contracts";
import type { SnapshotRow } from "@clustercord/db";

/** Whose sealed values these are: a snapshot row, or a throwaway id for a live read. */
export type SealOwner = Pick<SnapshotRow, "guildId" | "id">;

/** The archive's associated data: the sealed blob opens only as this guild's snapshot with this id. */
export const snapshotAad = (row: SealOwner) => `snapshot:${row.guildId}:${row.id}`;
const secretsKeyAad = (row: SealOwner) => `snapshot-secrets-key:${row.guildId}:${row.id}`;
const secretAad = (row: SealOwner, namespace: string, name: string) =>
  Buffer.from(`clustercord:snapshot-secret:v1:${row.guildId}:${row.id}:${namespace}/${name}`);

export interface SecretSealer {
  seal(secret: { namespace: string; name: string; data: Record<string, string> }): string;
  /** A Secret's values (base64, as the Kubernetes API holds them); a clear AppError when they do not open. */
  open(secret: { namespace: string; name: string; sealed: string }): Record<string, string>;
}

const b64 = (b: Buffer) => b.toString("base64url");
const SEALED = /^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/** Seals and opens one snapshot's Secrets with its secrets key. */
export function secretSealer(key: Buffer, owner: SealOwner): SecretSealer {
  return {
    seal({ namespace, name, data }) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, nonce);
      cipher.setAAD(secretAad(owner, namespace, name));
      const body = Buffer.concat([cipher.update(JSON.stringify(data), "utf8"), cipher.final()]);
      return ["k1", b64(nonce), b64(body), b64(cipher.getAuthTag())].join(".");
    },
    open({ namespace, name, sealed }) {
      const [, nonce = "", body = "", tag = ""] = sealed.split(".");
      try {
        if (!SEALED.test(sealed)) throw new Error("not in the k1 form");
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
        decipher.setAAD(secretAad(owner, namespace, name));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
        return JSON.parse(plain.toString("utf8")) as Record<string, string>;
      } catch (cause) {
        throw new AppError("BAD_REQUEST", {
          userMessage: `The sealed values of Secret ${namespace}/${name} in snapshot ${owner.id} failed their integrity check.`,
          cause,
        });
      }
    },
  };
}

/** A fresh secrets key for a snapshot, and its sealed form for the database. */
export function newSecretsKey(
  envelope: EnvelopeCipher,
  owner: SealOwner,
): { key: Buffer; sealedKey: string } {
  const key = randomBytes(32);
  return { key, sealedKey: envelope.seal(key, secretsKeyAad(owner)) };
}

/** The sealer of a ready snapshot's Secrets (its secrets key opened from the row). */
export function snapshotSecretSealer(
  envelope: EnvelopeCipher,
  row: SealOwner & { secretsKey: string | null },
): SecretSealer {
  if (!row.secretsKey)
    throw new AppError("BAD_REQUEST", { userMessage: `Snapshot ${row.id} has no key for its Secrets.` });
  return secretSealer(
    envelope.open(row.secretsKey, secretsKeyAad(row), `secrets key of snapshot ${row.id}`),
    row,
  );
}

/** `keys:rotate`: both wrapped keys of a snapshot under the active master key. */
export function rewrapSnapshot(
  envelope: EnvelopeCipher,
  row: SealOwner & { sealedHeader: string; secretsKey: string | null },
) {
  return {
    sealedHeader: envelope.rewrap(row.sealedHeader, snapshotAad(row), `archive of snapshot ${row.id}`),
    secretsKey: row.secretsKey
      ? envelope.rewrap(row.secretsKey, secretsKeyAad(row), `secrets key of snapshot ${row.id}`)
      : null,
  };
}
