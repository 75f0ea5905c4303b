import { ActionPlan, TenantsPlanLeaveInput } from "@clustercord/contracts";
import { planLeave } from "../../services/tenants";
import { roleProcedure } from "../../trpc";

/** Step one of leaving a shared cluster this server was granted: what will change, and a token. Changes nothing. */
export const planLeaveProcedure = roleProcedure("admin")
  .input(TenantsPlanLeaveInput)
  .output(ActionPlan)
  .query(({ ctx, input }) =>
    planLeave(ctx, { userId: ctx.identity.userId, guildId: ctx.membership.guild.id }, input.clusterId),
  );
