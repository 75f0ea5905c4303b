import type { BlobStore } from "@clustercord/db";

/**
 * What the snapshot procedures need beyond the API's usual deps: where
 * archives are stored, who takes them in the background, and the public
 * address download links point at. The envelope cipher is ApiDeps.envelope.
 */
export interface SnapshotsDeps {
  /** The blob store (a directory under the data dir, or an S3-compatible store). */
  store: BlobStore;
  /** Enqueues the background take of a snapshot row (snapshot-jobs.ts). */
  taker: SnapshotTaker;
  /** PUBLIC_URL: download links are `<publicUrl>/api/snapshots/download?token=...`. */
  publicUrl: string;
}

export interface SnapshotTaker {
  take(snapshot: { id: string; guildId: string }): Promise<void>;
}
