import { AppError } from "@clustercord/contracts";
import { findDiscordAccessToken, setSessionGuild, upsertGuild } from "@clustercord/db";
import type { ApiDeps } from "../context";
import { type Membership, resolveMembership } from "./membership";

/**
 * The membership a browser session may switch to, or null. An id outside the
 * bot's guilds, or outside the person's own guild list (read with their OAuth
 * token), is refused from those two cached lists: typing unknown ids costs no
 * per-guild bot calls, which count against the bot's limit for everyone.
 */
export async function selectableMembership(
  deps: ApiDeps,
  userId: string,
  guildId: string,
): Promise<Membership | null> {
  const botGuilds = await deps.directory.listBotGuilds();
  if (!botGuilds.some((g) => g.id === guildId)) return null;
  const token = await findDiscordAccessToken(deps.prisma, userId, deps.cipher);
  if (token) {
    const mine = await deps.directory.listUserGuilds(userId, token).catch((error: unknown) => {
      // An expired sign-in: the bot's member lookup below still decides.
      if (error instanceof AppError && error.code === "UNAUTHORIZED") return null;
      throw error;
    });
    if (mine && !mine.some((g) => g.id === guildId)) return null;
  }
  return resolveMembership(deps, userId, guildId);
}

/** Switches a browser session to a guild it may select; null when it may not (nothing stored). */
export async function selectSessionGuild(
  deps: ApiDeps,
  session: { userId: string; sessionToken: string },
  guildId: string,
): Promise<Membership | null> {
  const membership = await selectableMembership(deps, session.userId, guildId);
  if (!membership) return null;
  await upsertGuild(deps.prisma, membership.guild);
  await setSessionGuild(deps.prisma, session.sessionToken, guildId);
  return membership;
}
