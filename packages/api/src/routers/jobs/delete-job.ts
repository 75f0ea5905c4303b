import { JobsDeleteInput, JobsDeleteOutput } from "@clustercord/contracts";
import { deleteJobConfirmed } from "../../services/jobs-delete";
import { roleProcedure } from "../../trpc";
import { jobTarget } from "./targets";

/** Step two: deletes the Job or CronJob as the person, given the token its plan returned to them. */
export const deleteJobProcedure = roleProcedure("operator")
  .meta({ auditTarget: jobTarget, rateLimit: "expensive" })
  .input(JobsDeleteInput)
  .output(JobsDeleteOutput)
  .mutation(({ ctx, input }) => deleteJobConfirmed(ctx, ctx.actor, input));
