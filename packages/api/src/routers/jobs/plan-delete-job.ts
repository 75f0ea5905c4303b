import { JobsDeleteTarget, JobsPlanDeleteOutput } from "@clustercord/contracts";
import { planDeleteJob } from "../../services/jobs-delete";
import { roleProcedure } from "../../trpc";

/** Step one of deleting a Job or CronJob: what goes with it, and a token to confirm. Changes nothing. */
export const planDeleteJobProcedure = roleProcedure("operator")
  .input(JobsDeleteTarget)
  .output(JobsPlanDeleteOutput)
  .query(({ ctx, input }) => planDeleteJob(ctx, ctx.actor, input));
