import { CronJobRef, JobsCronActionOutput } from "@clustercord/contracts";
import { setSuspended } from "../../services/jobs-cron";
import { roleProcedure } from "../../trpc";
import { cronJobTarget } from "./targets";

/** Suspends a CronJob (spec.suspend), as the person: it starts no Jobs until resumed. */
export const suspendCronJobProcedure = roleProcedure("operator")
  .meta({ auditTarget: cronJobTarget })
  .input(CronJobRef)
  .output(JobsCronActionOutput)
  .mutation(({ ctx, input }) => setSuspended(ctx, ctx.actor, input, true));
