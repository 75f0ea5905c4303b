import type { DiscordFixture, FixtureGuild, FixtureUser } from "./fixture";

/** Every permission bit (what Discord reports for a guild's owner). */
const ALL_PERMISSIONS = (1n << 50n) - 1n;
const ADMINISTRATOR = 1n << 3n;
/** What the bot may do in its guilds: view, send, embed, attach, read history, use commands. */
export const BOT_PERMISSIONS = String(
  (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 31n),
);
/** Discord's timestamps carry microseconds; a fixed one keeps answers stable. */
const JOINED_AT = "2024-01-01T00:00:00.000000+00:00";
/** Fields every guild member object carries (we model no nicknames, boosts or timeouts). */
const MEMBER_DEFAULTS = {
  nick: null,
  avatar: null,
  joined_at: JOINED_AT,
  premium_since: null,
  deaf: false,
  mute: false,
  flags: 0,
  pending: false,
};

export type Json = Record<string, unknown>;

/** Read-only lookups over the fixture, and the Discord API objects built from it. */
export class World {
  constructor(readonly fixture: DiscordFixture) {}

  get applicationId(): string {
    return this.fixture.application.id;
  }

  user(id: string): FixtureUser | undefined {
    return this.fixture.users.find((u) => u.id === id);
  }

  userByName(username: string): FixtureUser | undefined {
    return this.fixture.users.find((u) => u.username === username);
  }

  guild(id: string): FixtureGuild | undefined {
    return this.fixture.guilds.find((g) => g.id === id);
  }

  /** A guild the bot is in; Discord hides the others from the bot. */
  installedGuild(id: string): FixtureGuild | undefined {
    const guild = this.guild(id);
    return guild && guild.botInstalled !== false ? guild : undefined;
  }

  installedGuilds(): FixtureGuild[] {
    return this.fixture.guilds.filter((g) => g.botInstalled !== false);
  }

  member(guild: FixtureGuild, userId: string) {
    return guild.members.find((m) => m.userId === userId);
  }

  guildsOf(userId: string): FixtureGuild[] {
    return this.fixture.guilds.filter((g) => this.member(g, userId));
  }

  /** A guild text channel and its guild, by channel id. */
  channel(channelId: string): { guild: FixtureGuild; channel: FixtureGuild["channels"][number] } | undefined {
    for (const guild of this.fixture.guilds) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { guild, channel };
    }
    return undefined;
  }

  /** Discord only lets a bot DM people it shares a guild with. */
  botSharesGuildWith(userId: string): boolean {
    return this.installedGuilds().some((g) => this.member(g, userId));
  }

  /** Guild-level permissions: @everyone plus the member's roles; owners and admins get all. */
  permissions(guild: FixtureGuild, userId: string): bigint {
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    const held = new Set([guild.id, ...(this.member(guild, userId)?.roles ?? [])]);
    const bits = guild.roles
      .filter((r) => held.has(r.id))
      .reduce((acc, r) => acc | BigInt(r.permissions), 0n);
    return (bits & ADMINISTRATOR) !== 0n ? ALL_PERMISSIONS : bits;
  }

  apiUser(user: FixtureUser): Json {
    return {
      id: user.id,
      username: user.username,
      global_name: user.globalName,
      avatar: user.avatar,
      discriminator: "0",
      public_flags: 0,
      flags: 0,
      bot: false,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
  }

  botUser(): Json {
    const { bot } = this.fixture;
    return {
      id: bot.id,
      username: bot.username,
      global_name: null,
      avatar: null,
      discriminator: "0",
      public_flags: 0,
      flags: 0,
      bot: true,
      verified: true,
      mfa_enabled: false,
    };
  }

  apiRoles(guild: FixtureGuild): Json[] {
    return guild.roles.map((role, position) => ({
      id: role.id,
      name: role.name,
      permissions: role.permissions,
      position,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      managed: false,
      mentionable: false,
      flags: 0,
    }));
  }

  apiChannel(guild: FixtureGuild, channel: FixtureGuild["channels"][number], position = 0): Json {
    return {
      id: channel.id,
      type: 0,
      guild_id: guild.id,
      name: channel.name,
      position,
      permission_overwrites: [],
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      parent_id: null,
      flags: 0,
    };
  }

  apiMember(guild: FixtureGuild, userId: string): Json | undefined {
    const member = this.member(guild, userId);
    const user = this.user(userId);
    if (!member || !user) return undefined;
    return {
      ...MEMBER_DEFAULTS,
      user: this.apiUser(user),
      banner: null,
      roles: member.roles,
      communication_disabled_until: null,
    };
  }

  botMember(): Json {
    return { ...MEMBER_DEFAULTS, user: this.botUser(), roles: [] };
  }

  /** The REST `GET /guilds/:id` object. */
  apiGuild(guild: FixtureGuild): Json {
    return {
      id: guild.id,
      name: guild.name,
      icon: guild.icon,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: this.apiRoles(guild),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: guild.channels[0]?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: "en-US",
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
    };
  }

  /** The gateway GUILD_CREATE payload: the guild plus channels and members. */
  gatewayGuild(guild: FixtureGuild): Json {
    const members = guild.members.flatMap((m) => this.apiMember(guild, m.userId) ?? []);
    return {
      ...this.apiGuild(guild),
      unavailable: false,
      large: false,
      joined_at: JOINED_AT,
      member_count: members.length + 1,
      members: [...members, this.botMember()],
      channels: guild.channels.map((c, i) => this.apiChannel(guild, c, i)),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** An entry of `GET /users/@me/guilds`, from the point of view of `userId` (or the bot). */
  partialGuild(guild: FixtureGuild, userId: string | null): Json {
    return {
      id: guild.id,
      name: guild.name,
      icon: guild.icon,
      banner: null,
      owner: userId !== null && guild.ownerId === userId,
      permissions: userId === null ? BOT_PERMISSIONS : String(this.permissions(guild, userId)),
      features: [],
    };
  }
}
