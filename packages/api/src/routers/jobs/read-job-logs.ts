import { JobsLogsInput, JobsLogsOutput } from "@clustercord/contracts";
import { jobLogs } from "../../services/jobs";
import { guildProcedure } from "../../trpc";

/** The log of a Job's newest pod, read as the person. */
export const readJobLogsProcedure = guildProcedure
  .input(JobsLogsInput)
  .output(JobsLogsOutput)
  .query(({ ctx, input }) => jobLogs(ctx, ctx.actor, input));
