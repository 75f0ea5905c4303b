import { TenantsListInput, TenantsListOutput } from "@clustercord/contracts";
import { listTenants } from "../../services/tenants";
import { guildProcedure } from "../../trpc";

/** The servers on a shared cluster with their quotas; a granted server sees only itself. */
export const listTenantsProcedure = guildProcedure
  .input(TenantsListInput)
  .output(TenantsListOutput)
  .query(async ({ ctx, input }) => ({
    tenants: await listTenants(ctx, ctx.actor.guildId, input.clusterId),
  }));
