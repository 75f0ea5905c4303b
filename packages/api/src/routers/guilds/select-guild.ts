import { AppError, GuildsSelectInput, GuildsSelectOutput } from "@clustercord/contracts";
import { setSessionGuild, upsertGuild } from "@clustercord/db";
import { selectableMembership } from "../../services/guild-selection";
import { toSummary } from "../../services/membership";
import { protectedProcedure } from "../../trpc";

export const selectGuild = protectedProcedure
  .meta({
    auditTarget: (input) => `guild/${(input as { guildId: string }).guildId}`,
    // Each unknown id could cost bot calls: a small allowance per person.
    rateLimit: "directory",
  })
  .input(GuildsSelectInput)
  .output(GuildsSelectOutput)
  .mutation(async ({ ctx, input }) => {
    const identity = ctx.identity;
    if (identity.via !== "web") {
      throw new AppError("BAD_REQUEST", {
        userMessage: "In Discord, commands act in the server you type them in.",
      });
    }
    const membership = await selectableMembership(ctx, identity.userId, input.guildId);
    if (!membership) {
      throw new AppError("FORBIDDEN", {
        userMessage: "You are not a member of that Discord server, or ClusterCord is not installed there.",
      });
    }
    await upsertGuild(ctx.prisma, membership.guild);
    await setSessionGuild(ctx.prisma, identity.sessionToken, input.guildId);
    // The audit row belongs to the guild just picked.
    identity.guildId = input.guildId;
    return { guild: toSummary(membership, input.guildId) };
  });
