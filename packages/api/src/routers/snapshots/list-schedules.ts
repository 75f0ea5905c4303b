import { SnapshotsSchedulesInput, SnapshotsSchedulesOutput } from "@clustercord/contracts";
import { listSchedules } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";

/** The server's snapshot schedules. */
export const listSchedulesProcedure = roleProcedure("viewer")
  .input(SnapshotsSchedulesInput)
  .output(SnapshotsSchedulesOutput)
  .query(({ ctx, input }) => listSchedules(ctx, ctx.actor, input));
