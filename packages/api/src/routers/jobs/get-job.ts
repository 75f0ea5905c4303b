import { JobRef, JobsGetOutput } from "@clustercord/contracts";
import { getJob } from "../../services/jobs";
import { guildProcedure } from "../../trpc";

/** One Job's status, exit code, duration and last log lines: both clients poll it until the Job ends. */
export const getJobProcedure = guildProcedure
  .meta({ rateLimit: "poll" })
  .input(JobRef)
  .output(JobsGetOutput)
  .query(({ ctx, input }) => getJob(ctx, ctx.actor, input));
