import { RolesSetInput, RolesSetOutput } from "@clustercord/contracts";
import { setGuildRole } from "../../services/roles";
import { roleProcedure } from "../../trpc";

export const setRoleProcedure = roleProcedure("admin")
  .meta({
    auditTarget: (input) => {
      const i = input as { discordRoleId?: string; role?: string } | undefined;
      return `discord-role/${i?.discordRoleId ?? "?"}=${i?.role ?? "?"}`;
    },
  })
  .input(RolesSetInput)
  .output(RolesSetOutput)
  .mutation(async ({ ctx, input }) => ({
    role: await setGuildRole(ctx, ctx.membership.guild, input.discordRoleId, input.role),
  }));
