import { SnapshotsListInput, SnapshotsListOutput } from "@clustercord/contracts";
import { listGuildSnapshots } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";

/** The server's snapshots, newest first (with the progress of running ones). */
export const listSnapshotsProcedure = roleProcedure("viewer")
  .meta({ rateLimit: "poll" })
  .input(SnapshotsListInput)
  .output(SnapshotsListOutput)
  .query(({ ctx, input }) => listGuildSnapshots(ctx, ctx.actor, input));
