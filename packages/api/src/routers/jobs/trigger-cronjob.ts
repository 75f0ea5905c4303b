import { CronJobRef, JobsTriggerOutput } from "@clustercord/contracts";
import { triggerCronJob } from "../../services/jobs-cron";
import { roleProcedure } from "../../trpc";
import { cronJobTarget } from "./targets";

/** Runs a CronJob now: a Job from its template, as `kubectl create job --from=cronjob/...`, as the person. */
export const triggerCronJobProcedure = roleProcedure("operator")
  .meta({ auditTarget: cronJobTarget, rateLimit: "expensive" })
  .input(CronJobRef)
  .output(JobsTriggerOutput)
  .mutation(({ ctx, input }) => triggerCronJob(ctx, ctx.actor, input));
