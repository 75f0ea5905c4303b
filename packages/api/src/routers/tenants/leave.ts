import { TenantsLeaveInput, TenantsLeaveOutput } from "@clustercord/contracts";
import { leaveCluster } from "../../services/tenants";
import { roleProcedure } from "../../trpc";
import { ownTenantTarget } from "./target";

/** Step two: this server leaves the cluster, given the token its plan returned to the same person. */
export const leaveProcedure = roleProcedure("admin")
  .meta({ auditTarget: ownTenantTarget })
  .input(TenantsLeaveInput)
  .output(TenantsLeaveOutput)
  .mutation(({ ctx, input }) =>
    leaveCluster(ctx, { userId: ctx.identity.userId, guildId: ctx.membership.guild.id }, input),
  );
