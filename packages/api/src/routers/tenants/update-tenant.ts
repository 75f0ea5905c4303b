import { TenantOutput, TenantsUpdateInput } from "@clustercord/contracts";
import { updateTenant } from "../../services/tenants";
import { roleProcedure } from "../../trpc";
import { tenantTarget } from "./target";

/** The owner changes a server's quota or internet egress on its shared cluster. */
export const updateTenantProcedure = roleProcedure("admin")
  .meta({ auditTarget: tenantTarget, rateLimit: "expensive" })
  .input(TenantsUpdateInput)
  .output(TenantOutput)
  .mutation(async ({ ctx, input }) => ({ tenant: await updateTenant(ctx, ctx.actor.guildId, input) }));
