import { RolesListOutput } from "@clustercord/contracts";
import { listGuildRoles } from "../../services/roles";
import { guildProcedure } from "../../trpc";

export const listRolesProcedure = guildProcedure
  .output(RolesListOutput)
  .query(async ({ ctx }) => ({ roles: await listGuildRoles(ctx, ctx.actor.guildId) }));
