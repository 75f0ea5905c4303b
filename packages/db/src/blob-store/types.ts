import type { Readable } from "node:stream";
import type { OutboundGuard } from "@clustercord/outbound";

/** Where snapshot archives and other large blobs live. */
export type BlobStoreConfig =
  | {
      kind: "dir";
      /** Absolute directory; created when missing (default in the server: `${DATA_DIR}/blobs`). */
      dir: string;
    }
  | {
      kind: "s3";
      /** `https://s3.example.com` (plain http only when the guard's policy allows it). */
      endpoint: string;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      /** `endpoint/bucket/key` (MinIO, most self-hosted stores) instead of `bucket.endpoint/key`. */
      forcePathStyle: boolean;
      /** Every request is dialled through its http(s) agent (the operator's allow-list decides private networks); no redirects. */
      guard: OutboundGuard;
      /** Largest object `put` accepts; bodies are buffered for the single signed PUT (default 512 MiB). */
      maxObjectBytes?: number;
      /** Per-request timeout for stat/delete and for the headers of get/put (default 60 s). */
      timeoutMs?: number;
    };

export interface BlobStore {
  readonly kind: "dir" | "s3";
  /** Writes the whole object (replacing one with the same key); resolves once it is stored. */
  put(key: string, body: Readable | Buffer): Promise<{ bytes: number }>;
  /** The object's bytes; throws AppError NOT_FOUND naming the store and key when there is none. */
  get(key: string): Promise<Readable>;
  /** The object's size, or null when there is none. */
  stat(key: string): Promise<{ bytes: number } | null>;
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>;
}
