import { PoliciesSetModeInput, PolicyState } from "@clustercord/contracts";
import { setPolicyMode } from "../../services/policies";
import { roleProcedure } from "../../trpc";
import { policyTarget } from "./audit-targets";

/** Audit, Warn or Enforce: changes the binding's validationActions. */
export const setPolicyModeProcedure = roleProcedure("admin")
  .meta({ auditTarget: policyTarget })
  .input(PoliciesSetModeInput)
  .output(PolicyState)
  .mutation(({ ctx, input }) => setPolicyMode(ctx, ctx.actor, input));
