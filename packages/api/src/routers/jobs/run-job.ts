import { JobsRunInput, JobsRunOutput } from "@clustercord/contracts";
import { runJob } from "../../services/jobs";
import { roleProcedure } from "../../trpc";
import { jobTarget } from "./targets";

/** Runs a one-off Job as the person, after every check (image, command, namespace, Secret, PVC). */
export const runJobProcedure = roleProcedure("operator")
  .meta({ auditTarget: jobTarget, rateLimit: "expensive" })
  .input(JobsRunInput)
  .output(JobsRunOutput)
  .mutation(({ ctx, input }) => runJob(ctx, ctx.actor, input));
