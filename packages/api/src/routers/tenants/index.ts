import { router } from "../../trpc";
import { acceptInvitationProcedure } from "./accept-invitation";
import { declineInvitationProcedure } from "./decline-invitation";
import { grantTenantProcedure } from "./grant-tenant";
import { leaveProcedure } from "./leave";
import { listInvitationsProcedure } from "./list-invitations";
import { listTenantsProcedure } from "./list-tenants";
import { planLeaveProcedure } from "./plan-leave";
import { planRevokeTenantProcedure } from "./plan-revoke-tenant";
import { revokeTenantProcedure } from "./revoke-tenant";
import { updateTenantProcedure } from "./update-tenant";

export const tenantsRouter = router({
  list: listTenantsProcedure,
  grant: grantTenantProcedure,
  update: updateTenantProcedure,
  planRevoke: planRevokeTenantProcedure,
  revoke: revokeTenantProcedure,
  // The invited server's side: consent to a grant, or leave later.
  invitations: listInvitationsProcedure,
  accept: acceptInvitationProcedure,
  decline: declineInvitationProcedure,
  planLeave: planLeaveProcedure,
  leave: leaveProcedure,
});
