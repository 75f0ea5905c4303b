import { TenantOutput, TenantsGrantInput } from "@clustercord/contracts";
import { grantTenant } from "../../services/tenants";
import { roleProcedure } from "../../trpc";
import { tenantTarget } from "./target";

/** The owner invites another server to its own namespace on a shared cluster (set up after it accepts, on first use). */
export const grantTenantProcedure = roleProcedure("admin")
  .meta({ auditTarget: tenantTarget, rateLimit: "expensive" })
  .input(TenantsGrantInput)
  .output(TenantOutput)
  .mutation(async ({ ctx, input }) => ({
    tenant: await grantTenant(ctx, ctx.actor, input.clusterId, input.guildId),
  }));
