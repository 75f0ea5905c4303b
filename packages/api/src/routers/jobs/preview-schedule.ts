import { JobsPreviewScheduleInput, JobsPreviewScheduleOutput } from "@clustercord/contracts";
import { previewSchedule } from "../../services/jobs-cron";
import { guildProcedure } from "../../trpc";

/** A cron expression checked and previewed (next 3 runs, in words) in the person's time zone; changes nothing. */
export const previewScheduleProcedure = guildProcedure
  .input(JobsPreviewScheduleInput)
  .output(JobsPreviewScheduleOutput)
  .query(({ ctx, input }) => previewSchedule(ctx, ctx.actor, input));
