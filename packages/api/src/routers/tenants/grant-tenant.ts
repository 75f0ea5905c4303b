import { TenantOutput, TenantsGrantInput } from "@clustercord/contracts";
import { grantTenant } from "../../services/tenants";
import { roleProcedure } from "../../trpc";
import { tenantTarget } from "./target";

/** The owner gives another server its own namespace on a shared cluster (applied on that server's first use). */
export const grantTenantProcedure = roleProcedure("admin")
  .meta({ auditTarget: tenantTarget })
  .input(TenantsGrantInput)
  .output(TenantOutput)
  .mutation(async ({ ctx, input }) => ({
    tenant: await grantTenant(ctx, ctx.actor, input.clusterId, input.guildId),
  }));
