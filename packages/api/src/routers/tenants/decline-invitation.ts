import { TenantsDeclineOutput, TenantsInvitationInput } from "@clustercord/contracts";
import { declineInvitation } from "../../services/tenants";
import { roleProcedure } from "../../trpc";
import { ownTenantTarget } from "./target";

/** An admin of the invited server declines: the invitation is deleted. */
export const declineInvitationProcedure = roleProcedure("admin")
  .meta({ auditTarget: ownTenantTarget })
  .input(TenantsInvitationInput)
  .output(TenantsDeclineOutput)
  .mutation(({ ctx, input }) =>
    declineInvitation(
      ctx,
      { userId: ctx.identity.userId, guildId: ctx.membership.guild.id },
      input.clusterId,
    ),
  );
