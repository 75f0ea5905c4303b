import { resolveRole } from "@clustercord/auth";
import type { DiscordUser, GuildSummary, Role } from "@clustercord/contracts";
import { findDiscordAccessToken, listRoleMappings } from "@clustercord/db";
import type { ApiDeps, Identity } from "../context";

export interface Membership {
  guild: { id: string; name: string; iconUrl: string | null; ownerId: string };
  role: Role;
}

/**
 * The user's membership and ClusterCord role in a guild, read from Discord
 * (as the bot) and the guild's role mappings; null when they are not a
 * member or the bot is not installed there. `read.maxAgeMs` bounds how old
 * the directory's cached answers may be.
 */
export async function resolveMembership(
  deps: ApiDeps,
  userId: string,
  guildId: string,
  read: { maxAgeMs?: number } = {},
): Promise<Membership | null> {
  const [guild, member] = await Promise.all([
    deps.directory.getGuild(guildId, read),
    deps.directory.getMember(guildId, userId, read),
  ]);
  if (!guild || !member) return null;
  const mappings = await listRoleMappings(deps.prisma, guildId);
  return {
    guild: {
      id: guild.id,
      name: guild.name,
      iconUrl: deps.directory.iconUrl(guild),
      ownerId: guild.owner_id,
    },
    role: resolveRole({
      userId,
      ownerId: guild.owner_id,
      memberRoleIds: member.roles,
      guildRoles: guild.roles,
      mappings,
    }),
  };
}

export async function describeUser(deps: ApiDeps, userId: string): Promise<DiscordUser> {
  const user = await deps.directory.getUser(userId);
  if (!user) return { id: userId, username: "unknown", displayName: "Unknown user", avatarUrl: null };
  return {
    id: user.id,
    username: user.username,
    displayName: user.global_name ?? user.username,
    avatarUrl: deps.directory.avatarUrl(user),
  };
}

/**
 * The guilds the caller can use ClusterCord in: guilds with the bot installed
 * where they are a member. In the browser the candidates are first narrowed
 * to the guilds their own OAuth token lists.
 */
export async function listActorGuilds(deps: ApiDeps, identity: Identity): Promise<GuildSummary[]> {
  let candidates = await deps.directory.listBotGuilds();
  if (identity.via === "web") {
    const token = await findDiscordAccessToken(deps.prisma, identity.userId, deps.cipher);
    if (token) {
      const mine = new Set((await deps.directory.listUserGuilds(identity.userId, token)).map((g) => g.id));
      candidates = candidates.filter((g) => mine.has(g.id));
    }
  }
  const memberships = await Promise.all(
    candidates.map((g) => resolveMembership(deps, identity.userId, g.id)),
  );
  return memberships
    .filter((m): m is Membership => m !== null)
    .map((m) => toSummary(m, identity.guildId))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function toSummary(m: Membership, activeGuildId: string | null): GuildSummary {
  return {
    id: m.guild.id,
    name: m.guild.name,
    iconUrl: m.guild.iconUrl,
    role: m.role,
    active: m.guild.id === activeGuildId,
  };
}
