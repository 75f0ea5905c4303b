import { AppError, GuildsSelectInput, GuildsSelectOutput } from "@clustercord/contracts";
import { notAMember } from "../../services/actor";
import { selectSessionGuild } from "../../services/guild-selection";
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
    // Unknown ids are refused from cached lists, without per-guild bot calls.
    const membership = await selectSessionGuild(ctx, identity, input.guildId);
    if (!membership) throw notAMember();
    // The audit row belongs to the guild just picked.
    identity.guildId = input.guildId;
    return { guild: toSummary(membership, input.guildId) };
  });
