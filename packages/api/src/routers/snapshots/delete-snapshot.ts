import { SnapshotsDeleteInput, SnapshotsDeleteOutput } from "@clustercord/contracts";
import { deleteSnapshotConfirmed } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";
import { snapshotTarget } from "./targets";

/** Step two: deletes the archive and its index row, given the token the plan returned to this person. */
export const deleteSnapshotProcedure = roleProcedure("admin")
  .meta({ auditTarget: snapshotTarget })
  .input(SnapshotsDeleteInput)
  .output(SnapshotsDeleteOutput)
  .mutation(({ ctx, input }) => deleteSnapshotConfirmed(ctx, ctx.actor, input));
