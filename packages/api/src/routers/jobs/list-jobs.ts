import { JobsListInput, JobsListOutput } from "@clustercord/contracts";
import { listJobs } from "../../services/jobs";
import { guildProcedure } from "../../trpc";

/** A namespace's Jobs and CronJobs with status, duration and who ran them, from the shared caches. */
export const listJobsProcedure = guildProcedure
  .input(JobsListInput)
  .output(JobsListOutput)
  .query(({ ctx, input }) => listJobs(ctx, ctx.actor, input));
