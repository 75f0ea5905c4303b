import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { AppError } from "@clustercord/contracts";
import type { CipherKey } from "./credential-cipher";

/**
 * Envelope encryption for the secrets vault and snapshot archives. Every
 * sealed item gets a fresh 256-bit data key; the value is sealed with it
 * (AES-256-GCM) and the data key is wrapped (AES-256-GCM) under the active
 * master key of `CLUSTERCORD_ENCRYPTION_KEYS`. Rotating the master key only
 * re-wraps the small data key (`rewrap`); the value ciphertext is untouched.
 *
 * The caller's `aad` string binds an item to where it belongs (e.g.
 * `vault:<guildId>:<secretName>`, `snapshot:<guildId>:<snapshotId>`): it is
 * authenticated by both the wrap and the value, so a sealed item copied to
 * another guild or name fails to open.
 *
 * Sealed value (one string, each part base64url):
 *   `e1.<keyId>.<wrapped>.<nonce>.<ciphertext>.<tag>`
 * Stream header (stored beside the blob, e.g. in the database):
 *   `s1.<keyId>.<wrapped>.<nonce>`; the blob is the GCM ciphertext followed by the 16-byte tag.
 * `wrapped` = wrap nonce (12) ‖ encrypted data key (32) ‖ wrap tag (16).
 */

const SEALED = /^e1\.[A-Za-z0-9_-]{1,32}(\.[A-Za-z0-9_-]+){2}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;
const HEADER = /^s1\.[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const TAG_BYTES = 16;
const NONCE_BYTES = 12;
const DATA_KEY_BYTES = 32;
const WRAPPED_BYTES = NONCE_BYTES + DATA_KEY_BYTES + TAG_BYTES;

// Distinct prefixes keep the wrap and the value AAD apart from each other and from the credential cipher's.
const wrapAad = (aad: string) => Buffer.from(`clustercord:envelope:v1:key:${aad}`);
const valueAad = (aad: string) => Buffer.from(`clustercord:envelope:v1:value:${aad}`);
const b64 = (b: Buffer) => b.toString("base64url");
const unb64 = (s: string) => Buffer.from(s, "base64url");

export interface EnvelopeCipher {
  /** The key id new items are wrapped with (the first key of the keyring). */
  readonly activeKeyId: string;
  /** Seals a value (a string is taken as UTF-8) under a fresh data key. */
  seal(plain: Buffer | string, aad: string): string;
  /** Opens a sealed value; throws a clear AppError on tampering, a wrong AAD or an unknown key id. */
  open(sealed: string, aad: string, what?: string): Buffer;
  /** Re-wraps the data key of a sealed value or a stream header under the active key; the value part stays as it is. */
  rewrap(sealedOrHeader: string, aad: string, what?: string): string;
  /** Whether a sealed value or stream header is wrapped with another key than the active one. */
  needsRewrap(sealedOrHeader: string): boolean;
  /** The key id a sealed value or stream header was wrapped with ("" when not in the sealed form). */
  keyIdOf(sealedOrHeader: string): string;
  /** Whether a string is in the sealed form (`e1.` value) or a stream header (`s1.`). */
  isSealed(value: string): boolean;
  /**
   * Starts sealing a large blob: store `header` beside the blob and pipe the
   * plaintext through `stream`; its output is the ciphertext followed by the tag.
   */
  sealStream(aad: string): { header: string; stream: Transform };
  /**
   * Opens a blob sealed by `sealStream`. GCM can only check the tag at the
   * end, so the output is UNTRUSTED until the stream ends without an error:
   * callers must not act on (apply, restore, parse into decisions) data
   * until `finish`/`end` and must discard it when the stream errors with
   * "... failed its integrity check". Use `openBuffer` when the blob fits in memory.
   */
  openStream(header: string, aad: string, what?: string): Transform;
  /** Opens a whole blob sealed by `sealStream` (output only after the tag checks). */
  openBuffer(header: string, body: Buffer, aad: string, what?: string): Buffer;
}

const integrityError = (what: string, cause?: unknown) =>
  new AppError("BAD_REQUEST", {
    message: `The ${what} failed its integrity check: it was changed, or it belongs to another guild or item.`,
    userMessage: `The ${what} failed its integrity check: it was changed, or it belongs to another guild or item.`,
    cause,
  });

const formatError = (what: string, expected: string) =>
  new AppError("BAD_REQUEST", {
    message: `The ${what} is not in the ${expected} sealed format.`,
    userMessage: `The ${what} is not in the ${expected} sealed format.`,
  });

export function createEnvelopeCipher(keyring: readonly CipherKey[]): EnvelopeCipher {
  const active = keyring[0];
  if (!active) throw new Error("the keyring is empty");
  const byId = new Map(keyring.map((k) => [k.id, k.key]));

  const masterKey = (keyId: string, what: string): Buffer => {
    const key = byId.get(keyId);
    if (!key) {
      throw new AppError("INTERNAL", {
        message: `The ${what} was sealed with encryption key ${keyId}, which is not configured in CLUSTERCORD_ENCRYPTION_KEYS.`,
        userMessage: `The ${what} was sealed with an encryption key this server does not have.`,
      });
    }
    return key;
  };

  const wrap = (dataKey: Buffer, aad: string): Buffer => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", active.key, nonce);
    cipher.setAAD(wrapAad(aad));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  };

  const unwrap = (keyId: string, wrapped: Buffer, aad: string, what: string): Buffer => {
    const key = masterKey(keyId, what);
    if (wrapped.length !== WRAPPED_BYTES) throw formatError(what, "envelope");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, wrapped.subarray(0, NONCE_BYTES));
      decipher.setAAD(wrapAad(aad));
      decipher.setAuthTag(wrapped.subarray(NONCE_BYTES + DATA_KEY_BYTES));
      return Buffer.concat([
        decipher.update(wrapped.subarray(NONCE_BYTES, NONCE_BYTES + DATA_KEY_BYTES)),
        decipher.final(),
      ]);
    } catch (cause) {
      throw integrityError(what, cause);
    }
  };

  /** Splits `e1`/`s1` strings into their parts, checking the shape. */
  const parse = (value: string, what: string) => {
    if (SEALED.test(value)) {
      const [, keyId = "", wrapped = "", nonce = "", body = "", tag = ""] = value.split(".");
      return { kind: "value" as const, keyId, wrapped, rest: [nonce, body, tag] };
    }
    if (HEADER.test(value)) {
      const [, keyId = "", wrapped = "", nonce = ""] = value.split(".");
      return { kind: "header" as const, keyId, wrapped, rest: [nonce] };
    }
    throw formatError(what, "envelope");
  };

  const openValue = (sealed: string, aad: string, what: string): Buffer => {
    const parts = parse(sealed, what);
    if (parts.kind !== "value") throw formatError(what, "e1 value");
    const [nonce = "", body = "", tag = ""] = parts.rest;
    const dataKey = unwrap(parts.keyId, unb64(parts.wrapped), aad, what);
    try {
      const decipher = createDecipheriv("aes-256-gcm", dataKey, unb64(nonce));
      decipher.setAAD(valueAad(aad));
      decipher.setAuthTag(unb64(tag));
      return Buffer.concat([decipher.update(unb64(body)), decipher.final()]);
    } catch (cause) {
      throw integrityError(what, cause);
    } finally {
      dataKey.fill(0);
    }
  };

  const decipherFor = (header: string, aad: string, what: string) => {
    const parts = parse(header, what);
    if (parts.kind !== "header") throw formatError(what, "s1 stream header");
    const dataKey = unwrap(parts.keyId, unb64(parts.wrapped), aad, what);
    const decipher = createDecipheriv("aes-256-gcm", dataKey, unb64(parts.rest[0] ?? ""));
    dataKey.fill(0);
    decipher.setAAD(valueAad(aad));
    return decipher;
  };

  return {
    activeKeyId: active.id,

    seal(plain, aad) {
      const dataKey = randomBytes(DATA_KEY_BYTES);
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", dataKey, nonce);
      cipher.setAAD(valueAad(aad));
      const body = Buffer.concat([
        cipher.update(typeof plain === "string" ? Buffer.from(plain) : plain),
        cipher.final(),
      ]);
      const wrapped = wrap(dataKey, aad);
      dataKey.fill(0);
      return ["e1", active.id, b64(wrapped), b64(nonce), b64(body), b64(cipher.getAuthTag())].join(".");
    },

    open: (sealed, aad, what = "sealed value") => openValue(sealed, aad, what),

    rewrap(sealedOrHeader, aad, what = "sealed value") {
      const parts = parse(sealedOrHeader, what);
      const dataKey = unwrap(parts.keyId, unb64(parts.wrapped), aad, what);
      const wrapped = wrap(dataKey, aad);
      dataKey.fill(0);
      return [parts.kind === "value" ? "e1" : "s1", active.id, b64(wrapped), ...parts.rest].join(".");
    },

    needsRewrap: (sealedOrHeader) => sealedOrHeader.split(".")[1] !== active.id,

    keyIdOf: (sealedOrHeader) =>
      SEALED.test(sealedOrHeader) || HEADER.test(sealedOrHeader) ? (sealedOrHeader.split(".")[1] ?? "") : "",

    isSealed: (value) => SEALED.test(value) || HEADER.test(value),

    sealStream(aad) {
      const dataKey = randomBytes(DATA_KEY_BYTES);
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", dataKey, nonce);
      cipher.setAAD(valueAad(aad));
      const header = ["s1", active.id, b64(wrap(dataKey, aad)), b64(nonce)].join(".");
      dataKey.fill(0);
      const stream = new Transform({
        transform(chunk: Buffer, _enc, done: TransformCallback) {
          done(null, cipher.update(chunk));
        },
        flush(done: TransformCallback) {
          const last = cipher.final();
          done(null, Buffer.concat([last, cipher.getAuthTag()]));
        },
      });
      return { header, stream };
    },

    openStream(header, aad, what = "archive") {
      const decipher = decipherFor(header, aad, what);
      // The tag is the last 16 bytes of the blob: hold back a 16-byte tail until the end.
      let tail = Buffer.alloc(0);
      return new Transform({
        transform(chunk: Buffer, _enc, done: TransformCallback) {
          const all = tail.length ? Buffer.concat([tail, chunk]) : chunk;
          if (all.length <= TAG_BYTES) {
            tail = Buffer.from(all);
            return done();
          }
          tail = Buffer.from(all.subarray(all.length - TAG_BYTES));
          done(null, decipher.update(all.subarray(0, all.length - TAG_BYTES)));
        },
        flush(done: TransformCallback) {
          if (tail.length !== TAG_BYTES) return done(integrityError(what));
          try {
            decipher.setAuthTag(tail);
            done(null, decipher.final());
          } catch (cause) {
            done(integrityError(what, cause));
          }
        },
      });
    },

    openBuffer(header, body, aad, what = "archive") {
      if (body.length < TAG_BYTES) throw integrityError(what);
      const decipher = decipherFor(header, aad, what);
      try {
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
      } catch (cause) {
        throw integrityError(what, cause);
      }
    },
  };
}

/**
 * HMAC-SHA256 of each value under one key (random per call unless given),
 * as hex. Two maps digested with the same key can be compared key by key
 * without either value being exposed; the digests are useless once the key
 * is dropped. Pass the same `key` for both sides of a comparison.
 */
export function keyedDigests(
  values: Readonly<Record<string, string>>,
  key: Buffer = randomBytes(32),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    out[name] = createHmac("sha256", key).update(value, "utf8").digest("hex");
  }
  return out;
}
