import { TenantsAcceptOutput, TenantsInvitationInput } from "@clustercord/contracts";
import { acceptInvitation } from "../../services/tenants";
import { roleProcedure } from "../../trpc";
import { ownTenantTarget } from "./target";

/** An admin of the invited server accepts: its members see the cluster from now on. */
export const acceptInvitationProcedure = roleProcedure("admin")
  .meta({ auditTarget: ownTenantTarget })
  .input(TenantsInvitationInput)
  .output(TenantsAcceptOutput)
  .mutation(({ ctx, input }) =>
    acceptInvitation(ctx, { userId: ctx.identity.userId, guildId: ctx.membership.guild.id }, input.clusterId),
  );
