import { TenantsRevokeInput, TenantsRevokeOutput } from "@clustercord/contracts";
import { revokeTenant } from "../../services/tenants";
import { roleProcedure } from "../../trpc";
import { tenantTarget } from "./target";

/** Step two: revokes the access, given the token its plan returned to the same person. */
export const revokeTenantProcedure = roleProcedure("admin")
  .meta({ auditTarget: tenantTarget, rateLimit: "expensive" })
  .input(TenantsRevokeInput)
  .output(TenantsRevokeOutput)
  .mutation(({ ctx, input }) => revokeTenant(ctx, ctx.actor, input));
