import { PoliciesEnableInput, PolicyState } from "@clustercord/contracts";
import { enablePolicy } from "../../services/policies";
import { roleProcedure } from "../../trpc";
import { policyTarget } from "./audit-targets";

/** Creates (or replaces) the policy's ValidatingAdmissionPolicy and binding with ClusterCord's credentials: the owner's admins only. */
export const enablePolicyProcedure = roleProcedure("admin")
  .meta({ auditTarget: policyTarget })
  .input(PoliciesEnableInput)
  .output(PolicyState)
  .mutation(({ ctx, input }) => enablePolicy(ctx, ctx.actor, input));
