import { AppError } from "@clustercord/contracts";

/** The parts of Discord's objects ClusterCord reads. */
export interface DiscordApiUser {
  id: string;
  username: string;
  global_name?: string | null;
  avatar: string | null;
}
export interface DiscordApiRole {
  id: string;
  name: string;
  permissions: string;
}
export interface DiscordApiGuild {
  id: string;
  name: string;
  icon: string | null;
  owner_id: string;
  roles: DiscordApiRole[];
}
export interface DiscordApiMember {
  user?: DiscordApiUser;
  roles: string[];
  nick?: string | null;
}
export interface DiscordApiPartialGuild {
  id: string;
  name: string;
  icon: string | null;
}

export interface DiscordDirectoryOptions {
  /** e.g. https://discord.com/api (the stand-in's `${url}/api` in tests). */
  apiBase: string;
  botToken: string;
  /** How long answers are reused; role changes take effect after this. */
  cacheTtlMs?: number;
  cdnBase?: string;
}

export type DiscordDirectory = ReturnType<typeof createDiscordDirectory>;

/** How old a cached answer a read accepts (default: the cache's TTL); checks on open streams ask for fresher. */
export interface Freshness {
  maxAgeMs?: number;
}

/**
 * Reads users, guilds and memberships from Discord's REST API as the bot,
 * and the signed-in user's guild list with their OAuth token. Discord is the
 * source of truth for who is in which guild with which roles; answers are
 * cached briefly and concurrent identical requests share one fetch.
 */
export function createDiscordDirectory(options: DiscordDirectoryOptions) {
  const base = `${options.apiBase.replace(/\/+$/, "")}/v10`;
  const ttl = options.cacheTtlMs ?? 10_000;
  const cdn = options.cdnBase ?? "https://cdn.discordapp.com";
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();

  async function request<T>(path: string, auth: string): Promise<T | null> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        headers: { authorization: auth },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw new AppError("UPSTREAM", { message: `Discord ${path}: ${String(cause)}`, cause });
    }
    if (res.status === 404) return null;
    if (res.status === 401) {
      throw new AppError(auth.startsWith("Bot ") ? "UPSTREAM" : "UNAUTHORIZED", {
        message: `Discord ${path}: 401`,
        userMessage: auth.startsWith("Bot ")
          ? "ClusterCord's Discord bot credentials were refused."
          : "Your Discord sign-in has expired; please sign in again.",
      });
    }
    if (!res.ok) {
      throw new AppError("UPSTREAM", { message: `Discord ${path}: HTTP ${res.status}` });
    }
    return (await res.json()) as T;
  }

  function cached<T>(key: string, load: () => Promise<T>, maxAgeMs = ttl): Promise<T> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < Math.min(ttl, maxAgeMs)) return hit.value as Promise<T>;
    const value = load();
    cache.set(key, { at: now, value });
    value.catch(() => cache.delete(key));
    return value;
  }

  const bot = `Bot ${options.botToken}`;

  return {
    getUser: (userId: string) =>
      cached(`user:${userId}`, () => request<DiscordApiUser>(`/users/${userId}`, bot)),
    getGuild: (guildId: string, freshness: Freshness = {}) =>
      cached(
        `guild:${guildId}`,
        () => request<DiscordApiGuild>(`/guilds/${guildId}`, bot),
        freshness.maxAgeMs,
      ),
    getMember: (guildId: string, userId: string, freshness: Freshness = {}) =>
      cached(
        `member:${guildId}:${userId}`,
        () => request<DiscordApiMember>(`/guilds/${guildId}/members/${userId}`, bot),
        freshness.maxAgeMs,
      ),
    listBotGuilds: () =>
      cached("bot-guilds", async () => {
        return (await request<DiscordApiPartialGuild[]>("/users/@me/guilds", bot)) ?? [];
      }),
    /** The guilds a signed-in person is in, read with their own OAuth token. */
    listUserGuilds: (userId: string, accessToken: string) =>
      cached(`user-guilds:${userId}`, async () => {
        return (await request<DiscordApiPartialGuild[]>("/users/@me/guilds", `Bearer ${accessToken}`)) ?? [];
      }),
    avatarUrl: (user: DiscordApiUser) =>
      user.avatar ? `${cdn}/avatars/${user.id}/${user.avatar}.png` : null,
    iconUrl: (guild: { id: string; icon: string | null }) =>
      guild.icon ? `${cdn}/icons/${guild.id}/${guild.icon}.png` : null,
    /** Forget everything (tests; and after role mappings change). */
    clear: () => cache.clear(),
  };
}
