import { router } from "../../trpc";
import { grantTenantProcedure } from "./grant-tenant";
import { listTenantsProcedure } from "./list-tenants";
import { planRevokeTenantProcedure } from "./plan-revoke-tenant";
import { revokeTenantProcedure } from "./revoke-tenant";
import { updateTenantProcedure } from "./update-tenant";

export const tenantsRouter = router({
  list: listTenantsProcedure,
  grant: grantTenantProcedure,
  update: updateTenantProcedure,
  planRevoke: planRevokeTenantProcedure,
  revoke: revokeTenantProcedure,
});
