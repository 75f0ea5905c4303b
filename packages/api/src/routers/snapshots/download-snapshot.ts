import { SnapshotRef, SnapshotsDownloadOutput } from "@clustercord/contracts";
import { downloadSnapshot } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";

/** A 5-minute signed link to the snapshot's `.tar.gz` (Secrets inside stay sealed). */
export const downloadSnapshotProcedure = roleProcedure("operator")
  .input(SnapshotRef)
  .output(SnapshotsDownloadOutput)
  .query(({ ctx, input }) => downloadSnapshot(ctx, ctx.actor, input.id, ctx.identity.via));
