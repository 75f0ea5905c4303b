import { ActionPlan, TenantsPlanRevokeInput } from "@clustercord/contracts";
import { planRevokeTenant } from "../../services/tenants";
import { roleProcedure } from "../../trpc";

/** Step one of revoking a server's access: what will change, and a token to confirm it. Changes nothing. */
export const planRevokeTenantProcedure = roleProcedure("admin")
  .input(TenantsPlanRevokeInput)
  .output(ActionPlan)
  .query(({ ctx, input }) => planRevokeTenant(ctx, ctx.actor, input.clusterId, input.guildId));
