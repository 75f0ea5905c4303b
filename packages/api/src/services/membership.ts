import { resolveRole } from "@clustercord/auth";
import {
  botInviteUrl,
  type DiscordUser,
  type GuildSummary,
  type InvitableGuild,
  type Role,
} from "@clustercord/contracts";
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
export async function listActorGuilds(
  deps: ApiDeps,
  identity: Identity,
): Promise<{ guilds: GuildSummary[]; invitable: InvitableGuild[] }> {
  let candidates = await deps.directory.listBotGuilds();
  const mine = identity.via === "web" ? await listOwnGuilds(deps, identity.userId) : null;
  const installed = new Set(candidates.map((g) => g.id));
  if (mine) {
    const ids = new Set(mine.map((g) => g.id));
    candidates = candidates.filter((g) => ids.has(g.id));
  }
  const memberships = await Promise.all(
    candidates.map((g) => resolveMembership(deps, identity.userId, g.id)),
  );
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const app = deps.discordApp;
  return {
    guilds: memberships
      .filter((m): m is Membership => m !== null)
      .map((m) => toSummary(m, identity.guildId))
      .sort(byName),
    invitable:
      mine && app
        ? mine
            .filter((g) => !installed.has(g.id) && mayAddBot(g))
            .map((g) => ({
              id: g.id,
              name: g.name,
              iconUrl: deps.directory.iconUrl(g),
              inviteUrl: botInviteUrl(app.webBase, app.clientId, g.id),
            }))
            .sort(byName)
        : [],
  };
}

/** The person's own guild list (their OAuth token), or null when no token is stored. */
async function listOwnGuilds(deps: ApiDeps, userId: string) {
  const token = await findDiscordAccessToken(deps.prisma, userId, deps.cipher);
  return token ? deps.directory.listUserGuilds(userId, token) : null;
}

const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

/** Discord lets owners, administrators and Manage Server holders add a bot. */
function mayAddBot(guild: { owner?: boolean; permissions?: string }): boolean {
  if (guild.owner) return true;
  if (!guild.permissions || !/^\d{1,20}$/.test(guild.permissions)) return false;
  return (BigInt(guild.permissions) & (ADMINISTRATOR | MANAGE_GUILD)) !== 0n;
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
