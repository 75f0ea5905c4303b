import type { DiscordFixture, FixtureGuild, FixtureUser } from "./fixture";

// Discord API object shapes built from the fixture, as the real API sends them.

export const apiUser = (u: FixtureUser, bot = false) => ({
  id: u.id,
  username: u.username,
  global_name: u.globalName,
  avatar: u.avatar,
  discriminator: "0",
  public_flags: 0,
  flags: 0,
  bot,
});

export const botUser = (f: DiscordFixture) => ({
  ...apiUser({ id: f.bot.id, username: f.bot.username, globalName: null, avatar: null }, true),
  verified: true,
});

export const apiRole = (r: FixtureGuild["roles"][number], position: number) => ({
  id: r.id,
  name: r.name,
  permissions: r.permissions,
  position,
  color: 0,
  colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
  hoist: false,
  managed: false,
  mentionable: false,
  icon: null,
  unicode_emoji: null,
  flags: 0,
});

/** Permission bits a member holds: the union of their roles (owner: all). */
export function memberPermissions(g: FixtureGuild, userId: string): string {
  if (g.ownerId === userId) return String((1n << 41n) - 1n);
  const held = new Set([g.id, ...(g.members.find((m) => m.userId === userId)?.roles ?? [])]);
  return String(g.roles.filter((r) => held.has(r.id)).reduce((acc, r) => acc | BigInt(r.permissions), 0n));
}

export function apiMember(f: DiscordFixture, g: FixtureGuild, userId: string) {
  const member = g.members.find((m) => m.userId === userId);
  const user = f.users.find((u) => u.id === userId);
  if (!member || !user) return null;
  return {
    user: apiUser(user),
    roles: member.roles,
    nick: null,
    avatar: null,
    banner: null,
    joined_at: "2026-01-01T00:00:00.000Z",
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

export const apiGuild = (g: FixtureGuild) => ({
  id: g.id,
  name: g.name,
  icon: g.icon,
  splash: null,
  discovery_splash: null,
  banner: null,
  description: null,
  owner_id: g.ownerId,
  region: "",
  afk_channel_id: null,
  afk_timeout: 300,
  verification_level: 0,
  default_message_notifications: 0,
  explicit_content_filter: 0,
  roles: g.roles.map(apiRole),
  emojis: [],
  stickers: [],
  features: [],
  mfa_level: 0,
  system_channel_id: null,
  system_channel_flags: 0,
  rules_channel_id: null,
  vanity_url_code: null,
  premium_tier: 0,
  premium_subscription_count: 0,
  preferred_locale: "en-US",
  public_updates_channel_id: null,
  nsfw_level: 0,
  premium_progress_bar_enabled: false,
});

export const apiChannel = (g: FixtureGuild, c: { id: string; name: string }, position: number) => ({
  id: c.id,
  type: 0,
  guild_id: g.id,
  name: c.name,
  position,
  permission_overwrites: [],
  topic: null,
  nsfw: false,
  last_message_id: null,
  rate_limit_per_user: 0,
  parent_id: null,
});

/** The GUILD_CREATE dispatch payload for a guild the bot is in. */
export const guildCreate = (f: DiscordFixture, g: FixtureGuild) => ({
  ...apiGuild(g),
  joined_at: "2026-01-01T00:00:00.000Z",
  large: false,
  unavailable: false,
  member_count: g.members.length + 1,
  voice_states: [],
  members: g.members.map((m) => apiMember(f, g, m.userId)).filter(Boolean),
  channels: g.channels.map((c, i) => apiChannel(g, c, i)),
  threads: [],
  presences: [],
  stage_instances: [],
  guild_scheduled_events: [],
  soundboard_sounds: [],
});

let sequence = 0n;
/** A snowflake-shaped id, unique within the process. */
export const newId = () => String((BigInt(Date.now() - 1420070400000) << 22n) | (sequence++ & 0x3fffffn));
