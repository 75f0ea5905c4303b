/**
 * Cluster snapshots (issue 18). How the API uses this:
 * - take: `const { archive, done } = collectSnapshot({ kc: personKc, scope, sealSecret, cluster, description, onProgress })`;
 *   pipe `archive` (a .tar.gz stream) through the envelope seal into the blob store; `await done` gives the manifest
 *   (counts, metadata.version, metrics) for the database row.
 * - read: `readSnapshotArchive(decryptedStream)` → manifest, index, `get(entry)` / `find(ref)` parsed on demand.
 * - diff: `diffSnapshots(archiveA, archiveB | await collectLive({ kc, scope, sealSecret }), { compareSecret, from, to })`;
 *   `snapshotObjectYaml(archive.find(ref))` for the side-by-side viewer (Secrets: key names only).
 * - restore: `const entries = planRestoreOrder(archive.index, { namespaces, kinds })`; the plan is
 *   `dryRunRestore({ kc, openSecret }, entries, archive)` (+ `newerObjects(archive.index, live.index, filter)` as
 *   "delete" steps when asked); after confirm `applyRestore(...)` and `deleteObjects(...)`.
 */
export {
  ARCHIVE_MAX_BYTES,
  createSnapshotArchive,
  FILE_PART_BYTES,
  MANIFEST_FILE,
  memorySource,
  readSnapshotArchive,
  type SnapshotArchive,
  SnapshotArchiveError,
  type SnapshotArchiveWriter,
  type SnapshotSource,
} from "./archive";
export {
  type CollectOptions,
  type CollectSnapshotOptions,
  collectLive,
  collectSnapshot,
  SnapshotCollectError,
} from "./collect";
export {
  type CompareSecret,
  DIFF_LIST_LIMIT,
  type DiffOptions,
  diffSnapshots,
  fieldChanges,
  type SealedSecretSide,
  snapshotObjectYaml,
  valueText,
} from "./diff";
export { fetchDiscoveryDocuments, fetchServerVersion, kindsInScope, listableKinds } from "./kinds";
export {
  applyRestore,
  deleteObjects,
  dryRunRestore,
  type OpenSecret,
  RESTORE_FIELD_MANAGER,
  type RestoreContext,
  type RestoreResult,
  restoreManifest,
} from "./restore";
export {
  classifyDryRun,
  countSteps,
  type DryRunAnswer,
  isCoveredBy,
  newerObjects,
  planRestoreOrder,
  type RestoreFilter,
  restoreRank,
  selected,
} from "./restore-plan";
export {
  archiveFileOf,
  canonicalJson,
  identityKey,
  isOwned,
  isSecret,
  objectHash,
  secretKeys,
  stripObject,
  viewableObject,
} from "./strip";
export { EVENTS_KEPT } from "./summaries";
export type * from "./types";
export { toYaml as snapshotYaml } from "./yaml-emit";
