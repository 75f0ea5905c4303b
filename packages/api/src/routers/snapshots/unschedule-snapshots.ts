import { SnapshotsUnscheduleInput, SnapshotsUnscheduleOutput } from "@clustercord/contracts";
import { unscheduleSnapshots } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";
import { unscheduleTarget } from "./targets";

/** Stops a schedule; the snapshots it took stay. */
export const unscheduleSnapshotsProcedure = roleProcedure("admin")
  .meta({ auditTarget: unscheduleTarget })
  .input(SnapshotsUnscheduleInput)
  .output(SnapshotsUnscheduleOutput)
  .mutation(({ ctx, input }) => unscheduleSnapshots(ctx, ctx.actor, input.id));
