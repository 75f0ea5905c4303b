import { SnapshotRef, SnapshotsGetOutput } from "@clustercord/contracts";
import { getSnapshot } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";

/** One snapshot: its summary, objects per kind and namespace, and the metrics at the time. */
export const getSnapshotProcedure = roleProcedure("viewer")
  .meta({ rateLimit: "poll" })
  .input(SnapshotRef)
  .output(SnapshotsGetOutput)
  .query(({ ctx, input }) => getSnapshot(ctx, ctx.actor, input.id));
