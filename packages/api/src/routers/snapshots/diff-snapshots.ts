import { SnapshotsDiffInput, SnapshotsDiffOutput } from "@clustercord/contracts";
import { diffSnapshotsFor } from "../../services/snapshot-diff";
import { roleProcedure } from "../../trpc";

/** Two snapshots, or a snapshot against the live cluster read as the person: added, removed, changed fields. */
export const diffSnapshotsProcedure = roleProcedure("operator")
  .meta({ rateLimit: "expensive" })
  .input(SnapshotsDiffInput)
  .output(SnapshotsDiffOutput)
  .query(({ ctx, input }) => diffSnapshotsFor(ctx, ctx.actor, input));
