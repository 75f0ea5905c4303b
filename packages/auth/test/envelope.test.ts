import { randomBytes } from "node:crypto";
import { Readable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { parseKeyring } from "../src/credential-cipher";
import { createEnvelopeCipher, keyedDigests } from "../src/envelope";

const key = () => randomBytes(32).toString("base64");
const aad = "vault:200000000000000001:db-creds";
const value = "postgres://app:hunter2-value@db:5432/app";

/** Flips one bit of one base64url part of a dotted sealed string. */
function flip(sealed: string, part: number, byte = 0): string {
  const parts = sealed.split(".");
  const buf = Buffer.from(parts[part] ?? "", "base64url");
  buf[byte] = (buf[byte] ?? 0) ^ 1;
  parts[part] = buf.toString("base64url");
  return parts.join(".");
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Pipes `data` (in uneven chunks) through `transform` and returns the output. */
async function through(data: Buffer, transform: Transform): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; ) {
    const size = 1 + ((i * 7919) % 70_000);
    chunks.push(data.subarray(i, i + size));
    i += size;
  }
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), transform, async (source: AsyncIterable<Buffer | string>) => {
    for await (const chunk of source) out.push(Buffer.from(chunk));
  });
  return Buffer.concat(out);
}

describe("envelope cipher", () => {
  it("round-trips a value under a fresh data key each time, without the plaintext in the sealed form", () => {
    const cipher = createEnvelopeCipher(parseKeyring(`k1:${key()}`));
    const sealed = cipher.seal(value, aad);
    expect(sealed).toMatch(/^e1\.k1\./);
    expect(sealed).not.toContain("hunter2");
    expect(cipher.open(sealed, aad).toString("utf8")).toBe(value);
    const again = cipher.seal(value, aad);
    // Different wrapped key, nonce and ciphertext for the same value.
    expect(again.split(".")[2]).not.toBe(sealed.split(".")[2]);
    expect(again.split(".")[4]).not.toBe(sealed.split(".")[4]);
    expect(cipher.isSealed(sealed)).toBe(true);
    expect(cipher.isSealed(value)).toBe(false);
    expect(cipher.keyIdOf(sealed)).toBe("k1");
  });

  it("seals binary and empty values", () => {
    const cipher = createEnvelopeCipher(parseKeyring(`k1:${key()}`));
    const bytes = randomBytes(1000);
    expect(cipher.open(cipher.seal(bytes, aad), aad).equals(bytes)).toBe(true);
    expect(cipher.open(cipher.seal("", aad), aad).length).toBe(0);
  });

  it("rewrap keeps the value and the value ciphertext, and switches the key id", () => {
    const k1 = key();
    const k2 = key();
    const old = createEnvelopeCipher(parseKeyring(`k1:${k1}`));
    const sealed = old.seal(value, aad);
    const rotated = createEnvelopeCipher(parseKeyring(`k2:${k2},k1:${k1}`));
    expect(rotated.needsRewrap(sealed)).toBe(true);
    const rewrapped = rotated.rewrap(sealed, aad);
    expect(rewrapped).toMatch(/^e1\.k2\./);
    expect(rotated.needsRewrap(rewrapped)).toBe(false);
    // nonce, ciphertext and tag of the value are untouched
    expect(rewrapped.split(".").slice(3)).toEqual(sealed.split(".").slice(3));
    expect(rotated.open(rewrapped, aad).toString()).toBe(value);
    // Once k1 is dropped, only the rewrapped form opens.
    const onlyK2 = createEnvelopeCipher(parseKeyring(`k2:${k2}`));
    expect(onlyK2.open(rewrapped, aad).toString()).toBe(value);
    expect(() => onlyK2.open(sealed, aad)).toThrow(/key k1, which is not configured/);
  });

  it("refuses a tampered value, wrapped key or tag with an integrity error", () => {
    const cipher = createEnvelopeCipher(parseKeyring(`k1:${key()}`));
    const sealed = cipher.seal(value, aad);
    for (const part of [2, 3, 4, 5]) {
      const tampered = flip(sealed, part);
      expect(() => cipher.open(tampered, aad, "secret value")).toThrow(
        /The secret value failed its integrity check/,
      );
    }
    try {
      cipher.open(flip(sealed, 4), aad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("BAD_REQUEST");
      expect((error as AppError).userMessage).toMatch(/failed its integrity check/);
    }
  });

  it("refuses to open a value under another guild's or name's AAD", () => {
    const cipher = createEnvelopeCipher(parseKeyring(`k1:${key()}`));
    const sealed = cipher.seal(value, aad);
    expect(() => cipher.open(sealed, "vault:200000000000000002:db-creds")).toThrow(
      /failed its integrity check/,
    );
    expect(() => cipher.open(sealed, "vault:200000000000000001:other")).toThrow(/failed its integrity check/);
    expect(() => cipher.rewrap(sealed, "vault:200000000000000002:db-creds")).toThrow(
      /failed its integrity check/,
    );
  });

  it("names an unknown key id and a malformed value without printing key material", () => {
    const k1 = key();
    const sealed = createEnvelopeCipher(parseKeyring(`k1:${k1}`)).seal(value, aad);
    const other = createEnvelopeCipher(parseKeyring(`k9:${key()}`));
    let message = "";
    try {
      other.open(sealed, aad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/sealed with encryption key k1, which is not configured/);
    expect(message).not.toContain(k1);
    expect(() => other.open("v1.k1.abc.def.ghi", aad)).toThrow(/not in the envelope sealed format/);
    expect(() => other.open("plain text", aad)).toThrow(/not in the envelope sealed format/);
  });

  it("digests values under a per-call key, equal only for equal values under the same key", () => {
    const hmacKey = randomBytes(32);
    const a = keyedDigests({ one: "x", two: "y" }, hmacKey);
    const b = keyedDigests({ one: "x", two: "z" }, hmacKey);
    expect(a.one).toBe(b.one);
    expect(a.two).not.toBe(b.two);
    expect(a.one).toMatch(/^[0-9a-f]{64}$/);
    // Without a shared key, the same value digests differently each call.
    expect(keyedDigests({ one: "x" }).one).not.toBe(keyedDigests({ one: "x" }).one);
  });
});

describe("envelope streams", () => {
  const snapshotAad = "snapshot:200000000000000001:snap-1";

  it("round-trips 3 MB through sealStream/openStream and openBuffer", async () => {
    const cipher = createEnvelopeCipher(parseKeyring(`k1:${key()}`));
    const data = randomBytes(3 * 1024 * 1024);
    const { header, stream } = cipher.sealStream(snapshotAad);
    expect(header).toMatch(/^s1\.k1\./);
    const sealed = await through(data, stream);
    expect(sealed.length).toBe(data.length + 16);
    expect((await through(sealed, cipher.openStream(header, snapshotAad))).equals(data)).toBe(true);
    expect(cipher.openBuffer(header, sealed, snapshotAad).equals(data)).toBe(true);
  });

  it("rewraps a stream header; the blob opens with the new header", async () => {
    const k1 = key();
    const old = createEnvelopeCipher(parseKeyring(`k1:${k1}`));
    const { header, stream } = old.sealStream(snapshotAad);
    const sealed = await through(Buffer.from("archive bytes"), stream);
    const rotated = createEnvelopeCipher(parseKeyring(`k2:${key()},k1:${k1}`));
    const rewrapped = rotated.rewrap(header, snapshotAad);
    expect(rewrapped).toMatch(/^s1\.k2\./);
    expect(rewrapped.split(".")[3]).toBe(header.split(".")[3]);
    expect(rotated.openBuffer(rewrapped, sealed, snapshotAad).toString()).toBe("archive bytes");
  });

  it("fails the stream with an integrity error when a byte or the tag is changed, or the guild differs", async () => {
    const cipher = createEnvelopeCipher(parseKeyring(`k1:${key()}`));
    const data = randomBytes(200_000);
    const { header, stream } = cipher.sealStream(snapshotAad);
    const sealed = await through(data, stream);
    for (const at of [0, 100_000, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at] = (tampered[at] ?? 0) ^ 1;
      await expect(through(tampered, cipher.openStream(header, snapshotAad))).rejects.toThrow(
        /The archive failed its integrity check/,
      );
      expect(() => cipher.openBuffer(header, tampered, snapshotAad)).toThrow(
        /archive failed its integrity check/,
      );
    }
    await expect(through(sealed.subarray(0, 1000), cipher.openStream(header, snapshotAad))).rejects.toThrow(
      /integrity check/,
    );
    // Another guild's AAD fails at once: the data key does not unwrap, so no byte is emitted.
    expect(() => cipher.openStream(header, "snapshot:200000000000000002:snap-1")).toThrow(/integrity check/);
    expect(() => cipher.openStream(flip(header, 2), snapshotAad)).toThrow(/integrity check/);
    await expect(
      collect(Readable.from([sealed]).pipe(cipher.openStream(header, snapshotAad))),
    ).resolves.toHaveLength(data.length);
  });
});
