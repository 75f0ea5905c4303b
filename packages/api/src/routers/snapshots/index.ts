import { router } from "../../trpc";
import { createSnapshotProcedure } from "./create-snapshot";
import { deleteSnapshotProcedure } from "./delete-snapshot";
import { diffObjectProcedure } from "./diff-object";
import { diffSnapshotsProcedure } from "./diff-snapshots";
import { downloadSnapshotProcedure } from "./download-snapshot";
import { getSnapshotProcedure } from "./get-snapshot";
import { listSchedulesProcedure } from "./list-schedules";
import { listSnapshotsProcedure } from "./list-snapshots";
import { planDeleteSnapshotProcedure } from "./plan-delete-snapshot";
import { planRestoreProcedure } from "./plan-restore";
import { restoreSnapshotProcedure } from "./restore-snapshot";
import { scheduleSnapshotsProcedure } from "./schedule-snapshots";
import { unscheduleSnapshotsProcedure } from "./unschedule-snapshots";

/** Cluster snapshots (guide feature 11): taken as the person, diffed, downloaded, restored after a dry-run. */
export const snapshotsRouter = router({
  create: createSnapshotProcedure,
  list: listSnapshotsProcedure,
  get: getSnapshotProcedure,
  download: downloadSnapshotProcedure,
  diff: diffSnapshotsProcedure,
  diffObject: diffObjectProcedure,
  planRestore: planRestoreProcedure,
  restore: restoreSnapshotProcedure,
  planDelete: planDeleteSnapshotProcedure,
  delete: deleteSnapshotProcedure,
  schedule: scheduleSnapshotsProcedure,
  schedules: listSchedulesProcedure,
  unschedule: unscheduleSnapshotsProcedure,
});
