import { PoliciesListInput, PoliciesListOutput } from "@clustercord/contracts";
import { listPolicies } from "../../services/policies";
import { guildProcedure } from "../../trpc";

/** The seven policies on a cluster: enabled or not, mode, scope, drift, open violations. */
export const listPoliciesProcedure = guildProcedure
  .input(PoliciesListInput)
  .output(PoliciesListOutput)
  .query(({ ctx, input }) => listPolicies(ctx, ctx.actor, input));
