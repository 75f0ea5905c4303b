import { MeOutput } from "@clustercord/contracts";
import { resolveActor } from "../../services/actor";
import { describeUser } from "../../services/membership";
import { protectedProcedure } from "../../trpc";

export const getMe = protectedProcedure.output(MeOutput).query(async ({ ctx }) => {
  const { guildId, via } = ctx.identity;
  const [user, actor] = await Promise.all([
    describeUser(ctx, ctx.identity.userId),
    // Without an active guild there is no actor yet, only the person.
    guildId ? resolveActor(ctx, ctx.identity) : null,
  ]);
  return {
    user,
    guild: actor ? { id: actor.guildId, name: actor.membership.guild.name, role: actor.role } : null,
    via,
  };
});
