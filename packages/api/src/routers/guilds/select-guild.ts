import { AppError, GuildsSelectInput, GuildsSelectOutput } from "@clustercord/contracts";
import { setSessionGuild, upsertGuild } from "@clustercord/db";
import { resolveActor } from "../../services/actor";
import { toSummary } from "../../services/membership";
import { protectedProcedure } from "../../trpc";

export const selectGuild = protectedProcedure
  .meta({ auditTarget: (input) => `guild/${(input as { guildId?: string })?.guildId ?? "?"}` })
  .input(GuildsSelectInput)
  .output(GuildsSelectOutput)
  .mutation(async ({ ctx, input }) => {
    const identity = ctx.identity;
    if (identity.via !== "web") {
      throw new AppError("BAD_REQUEST", {
        userMessage: "In Discord, commands act in the server you type them in.",
      });
    }
    // The same check as every other call, for the guild being picked.
    const { membership } = await resolveActor(ctx, { ...identity, guildId: input.guildId });
    await upsertGuild(ctx.prisma, membership.guild);
    await setSessionGuild(ctx.prisma, identity.sessionToken, input.guildId);
    // The audit row belongs to the guild just picked.
    identity.guildId = input.guildId;
    return { guild: toSummary(membership, input.guildId) };
  });
