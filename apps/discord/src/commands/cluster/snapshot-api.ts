import type {
  ActionPlan,
  SnapshotRef,
  SnapshotSchedule,
  SnapshotsCreateInput,
  SnapshotsCreateOutput,
  SnapshotsDiffInput,
  SnapshotsDiffOutput,
  SnapshotsDownloadOutput,
  SnapshotsGetOutput,
  SnapshotsListOutput,
  SnapshotsPlanRestoreOutput,
  SnapshotsRestoreInput,
  SnapshotsRestoreOutput,
  SnapshotsRestoreSelection,
  SnapshotsScheduleInput,
  SnapshotsSchedulesOutput,
} from "@clustercord/contracts";
import type { ApiClient } from "../../api-client";

/**
 * The snapshots.* procedures `/cluster snapshot` calls, typed by the shared
 * contracts (packages/contracts/src/snapshots.ts): one narrow interface the
 * subcommands, buttons and autocomplete share.
 */
export interface SnapshotsApi {
  create(input: SnapshotsCreateInput): Promise<SnapshotsCreateOutput>;
  list(input: { clusterId?: string }): Promise<SnapshotsListOutput>;
  get(input: SnapshotRef): Promise<SnapshotsGetOutput>;
  download(input: SnapshotRef): Promise<SnapshotsDownloadOutput>;
  diff(input: SnapshotsDiffInput): Promise<SnapshotsDiffOutput>;
  planRestore(input: SnapshotsRestoreSelection): Promise<SnapshotsPlanRestoreOutput>;
  restore(input: SnapshotsRestoreInput): Promise<SnapshotsRestoreOutput>;
  planDelete(input: SnapshotRef): Promise<ActionPlan>;
  delete(input: SnapshotRef & { confirmToken: string }): Promise<{ message: string }>;
  schedule(input: SnapshotsScheduleInput): Promise<{ message: string; schedule: SnapshotSchedule }>;
  schedules(input: { clusterId?: string }): Promise<SnapshotsSchedulesOutput>;
  unschedule(input: { id: string }): Promise<{ message: string }>;
}

/** The typed tRPC calls behind SnapshotsApi (queries read, mutations change). */
export function snapshotsApi(api: ApiClient): SnapshotsApi {
  const s = api.snapshots;
  return {
    create: (input) => s.create.mutate(input),
    list: (input) => s.list.query(input),
    get: (input) => s.get.query(input),
    download: (input) => s.download.query(input),
    diff: (input) => s.diff.query(input),
    planRestore: (input) => s.planRestore.query(input),
    restore: (input) => s.restore.mutate(input),
    planDelete: (input) => s.planDelete.query(input),
    delete: (input) => s.delete.mutate(input),
    schedule: (input) => s.schedule.mutate(input),
    schedules: (input) => s.schedules.query(input),
    unschedule: (input) => s.unschedule.mutate(input),
  };
}
