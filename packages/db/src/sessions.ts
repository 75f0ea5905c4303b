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
