import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCredentialCipher, parseKeyring } from "../src/credential-cipher";

const key = () => randomBytes(32).toString("base64");
const acme = { guildId: "200000000000000001", clusterId: "c1" };
const secret = JSON.stringify({ token: "s3cr3t-token-value" });

describe("credential cipher", () => {
  it("round-trips and never stores the plaintext", () => {
    const cipher = createCredentialCipher(parseKeyring(`k1:${key()}`));
    const sealed = cipher.seal(secret, acme);
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain("s3cr3t");
    expect(cipher.open(sealed, acme)).toBe(secret);
  });

  it("uses a fresh nonce for every write", () => {
    const cipher = createCredentialCipher(parseKeyring(`k1:${key()}`));
    expect(cipher.seal(secret, acme)).not.toBe(cipher.seal(secret, acme));
  });

  it("refuses to open a record moved to another guild or cluster", () => {
    const cipher = createCredentialCipher(parseKeyring(`k1:${key()}`));
    const sealed = cipher.seal(secret, acme);
    expect(() => cipher.open(sealed, { ...acme, guildId: "200000000000000002" })).toThrow(
      /failed authentication/,
    );
    expect(() => cipher.open(sealed, { ...acme, clusterId: "c2" })).toThrow(/failed authentication/);
  });

  it("detects tampering", () => {
    const cipher = createCredentialCipher(parseKeyring(`k1:${key()}`));
    const parts = cipher.seal(secret, acme).split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => cipher.open(parts.join("."), acme)).toThrow(/failed authentication/);
  });

  it("rotates: records under key 1 still open once key 2 is active, and new writes use key 2", () => {
    const k1 = key();
    const k2 = key();
    const old = createCredentialCipher(parseKeyring(`k1:${k1}`)).seal(secret, acme);
    const rotated = createCredentialCipher(parseKeyring(`k2:${k2},k1:${k1}`));
    expect(rotated.keyIdOf(old)).toBe("k1");
    expect(rotated.open(old, acme)).toBe(secret);
    const resealed = rotated.seal(rotated.open(old, acme), acme);
    expect(rotated.keyIdOf(resealed)).toBe("k2");
    // Once k1 is retired, only re-sealed records open.
    const retired = createCredentialCipher(parseKeyring(`k2:${k2}`));
    expect(retired.open(resealed, acme)).toBe(secret);
    expect(() => retired.open(old, acme)).toThrow(/key k1, which is not configured/);
  });

  it("seals OAuth tokens bound to their user, provider account and column", () => {
    const cipher = createCredentialCipher(parseKeyring(`k1:${key()}`));
    const alice = {
      userId: "100000000000000001",
      provider: "discord",
      providerAccountId: "100000000000000001",
      field: "access_token",
    } as const;
    const sealed = cipher.sealAccountToken("discord-access-token", alice);
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain("discord-access-token");
    expect(cipher.openAccountToken(sealed, alice)).toBe("discord-access-token");
    for (const moved of [
      { ...alice, userId: "100000000000000002" },
      { ...alice, providerAccountId: "100000000000000002" },
      { ...alice, field: "refresh_token" as const },
    ]) {
      expect(() => cipher.openAccountToken(sealed, moved)).toThrow(
        /OAuth token failed authentication \(wrong key, user, account or column\)/,
      );
    }
    // A token is not a cluster credential, nor the reverse.
    expect(() => cipher.open(sealed, acme)).toThrow(/failed authentication/);
    expect(() => cipher.openAccountToken(cipher.seal(secret, acme), alice)).toThrow(/failed authentication/);
  });

  it("tells sealed values from plaintext tokens", () => {
    const cipher = createCredentialCipher(parseKeyring(`k1:${key()}`));
    expect(cipher.isSealed(cipher.seal(secret, acme))).toBe(true);
    expect(cipher.isSealed(cipher.seal("", acme))).toBe(true);
    expect(cipher.isSealed("6qrZcUqja7812RVdnEKjpzOL4CvHBFG")).toBe(false);
    expect(cipher.isSealed("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")).toBe(false);
    expect(cipher.isSealed("v1.k1.only-three")).toBe(false);
  });

  it("refuses malformed keyrings, naming the entry without printing key material", () => {
    expect(() => parseKeyring("")).toThrow(/no encryption key/);
    expect(() => parseKeyring("nokey")).toThrow(/#1: expected id:base64key/);
    expect(() => parseKeyring(`k1:${randomBytes(16).toString("base64")}`)).toThrow(
      /k1: must be 32 bytes.*got 16/,
    );
    const k = key();
    expect(() => parseKeyring(`k1:${k},k1:${key()}`)).toThrow(/duplicate key id k1/);
    let message = "";
    try {
      parseKeyring(`k1:${k},bad entry`);
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/key #2/);
    expect(message).not.toContain(k);
  });
});
