import { type BlobStore, createBlobStore } from "@clustercord/db";
import { createOutboundGuard } from "@clustercord/outbound";
import type { WebEnv } from "./env";

/**
 * The blob store snapshot archives go to: the directory (BLOB_STORE_DIR,
 * default `${DATA_DIR}/blobs`), or the S3-compatible store when S3_ENDPOINT
 * is set, reached through its own outbound guard (no redirects; private
 * networks only when CLUSTERCORD_ALLOWED_S3_NETWORKS allows them).
 */
export function openBlobStore(env: Pick<WebEnv, "blobStore">): BlobStore {
  const config = env.blobStore;
  if (config.kind === "dir") return createBlobStore(config);
  const { policy, ...s3 } = config;
  return createBlobStore({
    ...s3,
    guard: createOutboundGuard(policy, { settingNames: { networks: "CLUSTERCORD_ALLOWED_S3_NETWORKS" } }),
  });
}
