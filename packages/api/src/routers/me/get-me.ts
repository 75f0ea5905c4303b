import { AppError, MeOutput } from "@clustercord/contracts";
import { describeUser, resolveMembership } from "../../services/membership";
import { protectedProcedure } from "../../trpc";

export const getMe = protectedProcedure.output(MeOutput).query(async ({ ctx }) => {
  const { userId, guildId, via } = ctx.identity;
  const [user, membership] = await Promise.all([
    describeUser(ctx, userId),
    guildId ? resolveMembership(ctx, userId, guildId) : null,
  ]);
  if (guildId && !membership) {
    throw new AppError("FORBIDDEN", { userMessage: "You are not a member of that Discord server." });
  }
  return {
    user,
    guild: membership
      ? { id: membership.guild.id, name: membership.guild.name, role: membership.role }
      : null,
    via,
  };
});
