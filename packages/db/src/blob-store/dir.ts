import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@clustercord/contracts";
import { checkBlobKey } from "./keys";
import type { BlobStore } from "./types";

const isMissing = (err: unknown) => (err as { code?: string }).code === "ENOENT";

/**
 * Blobs as files under one directory. A put writes a temporary file beside
 * the target and renames it into place, so a reader never sees half an
 * object and a failed write leaves nothing behind.
 */
export function createDirBlobStore(dir: string): BlobStore {
  const root = path.resolve(dir);
  const store = `blob store (directory ${root})`;
  const fileOf = (key: string) => path.join(root, ...checkBlobKey(key, store).split("/"));

  return {
    kind: "dir",

    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.tmp-${randomBytes(6).toString("hex")}`;
      let bytes = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, count, createWriteStream(temp));
        await rename(temp, file);
      } catch (cause) {
        await rm(temp, { force: true }).catch(() => {});
        if (cause instanceof AppError) throw cause;
        throw new AppError("INTERNAL", { message: `${store}: writing ${key} failed`, cause });
      }
      return { bytes };
    },

    async get(key) {
      const file = fileOf(key);
      try {
        const handle = await open(file, "r");
        return handle.createReadStream();
      } catch (cause) {
        if (isMissing(cause)) {
          throw new AppError("NOT_FOUND", {
            message: `${store}: no object ${key}`,
            userMessage: "The stored file was not found; it may have been deleted.",
          });
        }
        throw new AppError("INTERNAL", { message: `${store}: reading ${key} failed`, cause });
      }
    },

    async stat(key) {
      try {
        const info = await stat(fileOf(key));
        return info.isFile() ? { bytes: info.size } : null;
      } catch (cause) {
        if (isMissing(cause)) return null;
        throw new AppError("INTERNAL", { message: `${store}: checking ${key} failed`, cause });
      }
    },

    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
