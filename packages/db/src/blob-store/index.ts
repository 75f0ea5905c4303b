import { createDirBlobStore } from "./dir";
import { createS3BlobStore } from "./s3";
import type { BlobStore, BlobStoreConfig } from "./types";

export { checkBlobKey } from "./keys";
export type { BlobStore, BlobStoreConfig } from "./types";

/** The blob store the operator configured: a directory by default, an S3-compatible bucket when set. */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  return config.kind === "dir" ? createDirBlobStore(config.dir) : createS3BlobStore(config);
}
