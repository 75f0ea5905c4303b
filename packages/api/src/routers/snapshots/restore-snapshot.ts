import { SnapshotsRestoreInput, SnapshotsRestoreOutput } from "@clustercord/contracts";
import { restoreSnapshot } from "../../services/snapshot-restore";
import { roleProcedure } from "../../trpc";
import { snapshotRestoreTarget } from "./targets";

/** Step two: applies the planned selection as the person; newer objects are deleted only with deleteNewer. */
export const restoreSnapshotProcedure = roleProcedure("admin")
  .meta({ auditTarget: snapshotRestoreTarget, rateLimit: "expensive" })
  .input(SnapshotsRestoreInput)
  .output(SnapshotsRestoreOutput)
  .mutation(({ ctx, input }) => restoreSnapshot(ctx, ctx.actor, input));
