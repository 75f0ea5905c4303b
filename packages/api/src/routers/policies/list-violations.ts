import { PoliciesViolationsInput, PoliciesViolationsOutput } from "@clustercord/contracts";
import { listViolations } from "../../services/policies";
import { guildProcedure } from "../../trpc";

/** Violations the background audit found in what the person may see, most severe first. */
export const listViolationsProcedure = guildProcedure
  .input(PoliciesViolationsInput)
  .output(PoliciesViolationsOutput)
  .query(({ ctx, input }) => listViolations(ctx, ctx.actor, input));
