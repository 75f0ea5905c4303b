import { TenantsInvitationsOutput } from "@clustercord/contracts";
import { listInvitations } from "../../services/tenants";
import { roleProcedure } from "../../trpc";

/** The active server's pending invitations to other servers' shared clusters (its admins decide on them). */
export const listInvitationsProcedure = roleProcedure("admin")
  .output(TenantsInvitationsOutput)
  .query(async ({ ctx }) => ({ invitations: await listInvitations(ctx, ctx.membership.guild.id) }));
