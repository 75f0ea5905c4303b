import { CronJobRef, JobsCronActionOutput } from "@clustercord/contracts";
import { setSuspended } from "../../services/jobs-cron";
import { roleProcedure } from "../../trpc";
import { cronJobTarget } from "./targets";

/** Resumes a suspended CronJob, as the person. */
export const resumeCronJobProcedure = roleProcedure("operator")
  .meta({ auditTarget: cronJobTarget })
  .input(CronJobRef)
  .output(JobsCronActionOutput)
  .mutation(({ ctx, input }) => setSuspended(ctx, ctx.actor, input, false));
