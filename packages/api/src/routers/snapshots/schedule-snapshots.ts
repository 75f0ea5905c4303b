import { SnapshotsScheduleInput, SnapshotsScheduleOutput } from "@clustercord/contracts";
import { scheduleSnapshots } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";
import { scheduleTarget } from "./targets";

/** Takes snapshots daily or weekly as the person, keeping the newest `keep`. */
export const scheduleSnapshotsProcedure = roleProcedure("admin")
  .meta({ auditTarget: scheduleTarget })
  .input(SnapshotsScheduleInput)
  .output(SnapshotsScheduleOutput)
  .mutation(({ ctx, input }) => scheduleSnapshots(ctx, ctx.actor, input));
