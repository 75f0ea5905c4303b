import { JobsScheduleInput, JobsScheduleOutput } from "@clustercord/contracts";
import { scheduleJob } from "../../services/jobs-cron";
import { roleProcedure } from "../../trpc";
import { cronJobTarget } from "./targets";

/** Creates a CronJob as the person; the schedule and zone are checked as Kubernetes reads them. */
export const scheduleJobProcedure = roleProcedure("operator")
  .meta({ auditTarget: cronJobTarget, rateLimit: "expensive" })
  .input(JobsScheduleInput)
  .output(JobsScheduleOutput)
  .mutation(({ ctx, input }) => scheduleJob(ctx, ctx.actor, input));
