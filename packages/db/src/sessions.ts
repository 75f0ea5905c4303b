import type { PrismaClient } from "./generated/client";

export interface ActiveSession {
  sessionToken: string;
  userId: string;
  activeGuildId: string | null;
  expires: Date;
}

/** A live (unexpired) browser session, or null. */
export async function findActiveSession(
  prisma: PrismaClient,
  sessionToken: string,
  now = new Date(),
): Promise<ActiveSession | null> {
  const s = await prisma.session.findUnique({ where: { sessionToken } });
  if (!s || s.expires <= now) return null;
  return {
    sessionToken: s.sessionToken,
    userId: s.userId,
    activeGuildId: s.activeGuildId,
    expires: s.expires,
  };
}

export async function setSessionGuild(
  prisma: PrismaClient,
  sessionToken: string,
  guildId: string,
): Promise<void> {
  await prisma.session.update({ where: { sessionToken }, data: { activeGuildId: guildId } });
}

/** The user's Discord OAuth access token (to list their guilds), or null. */
export async function findDiscordAccessToken(prisma: PrismaClient, userId: string): Promise<string | null> {
  const account = await prisma.account.findFirst({
    where: { userId, provider: "discord" },
    select: { access_token: true },
  });
  return account?.access_token ?? null;
}

/** Keeps the stored OAuth tokens fresh on every sign-in (next-auth only links once). */
export async function updateAccountTokens(
  prisma: PrismaClient,
  account: {
    provider: string;
    providerAccountId: string;
    access_token?: string | undefined;
    refresh_token?: string | undefined;
    expires_at?: number | undefined;
    scope?: string | undefined;
  },
): Promise<void> {
  await prisma.account.updateMany({
    where: { provider: account.provider, providerAccountId: account.providerAccountId },
    data: {
      access_token: account.access_token ?? null,
      refresh_token: account.refresh_token ?? null,
      expires_at: account.expires_at ?? null,
      scope: account.scope ?? null,
    },
  });
}
