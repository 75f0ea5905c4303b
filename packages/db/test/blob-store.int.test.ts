import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { AppError } from "@clustercord/contracts";
import { createOutboundGuard, NO_PRIVATE_NETWORKS, parseAllowedNetworks } from "@clustercord/outbound";
import { type S3StandIn, startS3 } from "@clustercord/testenv/s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BlobStore, createBlobStore } from "../src/blob-store/index";

/** The stand-in is on loopback over http: an operator would allow both explicitly, as here. */
const loopbackGuard = () =>
  createOutboundGuard({
    allowedNetworks: parseAllowedNetworks("127.0.0.0/8"),
    allowProxy: false,
    allowPlainHttp: true,
    allowInsecureTls: false,
  });

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** 5 MB in 64 KiB chunks, as a stream (the way a snapshot archive arrives). */
function fiveMegabytes(): { data: Buffer; stream: () => Readable } {
  const data = randomBytes(5 * 1000 * 1000);
  return {
    data,
    stream: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < data.length; i += 65_536) yield data.subarray(i, i + 65_536);
        })(),
      ),
  };
}

let dir = "";
let s3: S3StandIn;
const stores: Record<"dir" | "s3", () => BlobStore> = {
  dir: () => createBlobStore({ kind: "dir", dir }),
  s3: () =>
    createBlobStore({
      kind: "s3",
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
      guard: loopbackGuard(),
    }),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "blob-store-"));
  s3 = await startS3();
});
afterAll(async () => {
  await s3?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(["dir", "s3"] as const)("blob store (%s)", (kind) => {
  it("puts, stats, gets and deletes a 5 MB stream", async () => {
    const store = stores[kind]();
    expect(store.kind).toBe(kind);
    const { data, stream } = fiveMegabytes();
    const key = `snapshots/200000000000000001/${kind}-big.tar.gz.enc`;
    expect(await store.put(key, stream())).toEqual({ bytes: data.length });
    expect(await store.stat(key)).toEqual({ bytes: data.length });
    expect((await readAll(await store.get(key))).equals(data)).toBe(true);
    // Replacing an object keeps only the new bytes.
    expect(await store.put(key, Buffer.from("small"))).toEqual({ bytes: 5 });
    expect((await readAll(await store.get(key))).toString()).toBe("small");
    await store.delete(key);
    expect(await store.stat(key)).toBeNull();
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it("says clearly when an object is missing", async () => {
    const store = stores[kind]();
    expect(await store.stat("nothing/here")).toBeNull();
    const error = await store.get("nothing/here").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
    expect((error as AppError).message).toMatch(/blob store .*: no object nothing\/here/);
    expect((error as AppError).message).not.toContain(kind === "s3" ? s3.secretAccessKey : "\0");
  });

  it("refuses keys that could escape or are not plain", async () => {
    const store = stores[kind]();
    for (const key of ["../etc/passwd", "a/../../b", "/abs", "UPPER", "a//b", "a/", "", "sp ace", "a/./b"]) {
      await expect(store.put(key, Buffer.from("x")), key).rejects.toThrow(/refused object key/);
      await expect(store.get(key), key).rejects.toThrow(/refused object key/);
    }
  });
});

describe("blob store (dir) atomic writes", () => {
  it("leaves no file behind when the body fails midway", async () => {
    const store = stores.dir();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
        this.destroy(new Error("source broke"));
      },
    });
    await expect(store.put("atomic/broken", failing)).rejects.toThrow(/writing atomic\/broken failed/);
    expect(await store.stat("atomic/broken")).toBeNull();
    expect(await readdir(join(dir, "atomic"))).toEqual([]);
  });
});

describe("blob store (s3) signing and the guard", () => {
  it("is refused with the S3 error code, never the credentials, when the secret is wrong", async () => {
    const store = createBlobStore({
      kind: "s3",
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: "wrong-secret-access-key-0123456789",
      forcePathStyle: true,
      guard: loopbackGuard(),
    });
    const error = (await store.put("k", Buffer.from("x")).catch((e: unknown) => e)) as AppError;
    expect(error.message).toMatch(
      /S3 bucket clustercord-test .*PUT k failed: HTTP 403 SignatureDoesNotMatch/,
    );
    expect(error.message).not.toContain("wrong-secret-access-key");
    expect(error.message).not.toContain(s3.accessKeyId);
  });

  it("does not dial loopback unless the operator's guard allows it", async () => {
    const store = createBlobStore({
      kind: "s3",
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
      guard: createOutboundGuard({
        allowedNetworks: NO_PRIVATE_NETWORKS,
        allowProxy: false,
        allowPlainHttp: true,
        allowInsecureTls: false,
      }),
    });
    await expect(store.stat("k")).rejects.toThrow(/HEAD k refused: 127\.0\.0\.1 is a loopback address/);
  });
});
