import { PoliciesDisableInput, PolicyState } from "@clustercord/contracts";
import { disablePolicy } from "../../services/policies";
import { roleProcedure } from "../../trpc";
import { policyTarget } from "./audit-targets";

/** Removes the policy's objects; its open violations are closed. */
export const disablePolicyProcedure = roleProcedure("admin")
  .meta({ auditTarget: policyTarget })
  .input(PoliciesDisableInput)
  .output(PolicyState)
  .mutation(({ ctx, input }) => disablePolicy(ctx, ctx.actor, input));
