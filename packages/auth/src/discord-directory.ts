import { createHash } from "node:crypto";
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
  /** In a person's own list (their OAuth token): whether they own it, and their permission bits. */
  owner?: boolean;
  permissions?: string;
}

export interface DiscordDirectoryOptions {
  /** e.g. https://discord.com/api (the stand-in's `${url}/api` in tests). */
  apiBase: string;
  botToken: string;
  /** How long answers are reused; role changes take effect after this. */
  cacheTtlMs?: number;
  /** How long "not found" answers are reused (unknown ids typed again and again). */
  notFoundTtlMs?: number;
  /** One request's budget, including at most one wait for a 429's retry-after. */
  requestTimeoutMs?: number;
  cdnBase?: string;
}

export type DiscordDirectory = ReturnType<typeof createDiscordDirectory>;

/** What a 429 or an exhausted bucket says about waiting, in seconds. */
function retryAfterSeconds(res: Response, body: unknown): number {
  const fromBody = (body as { retry_after?: unknown } | null)?.retry_after;
  if (typeof fromBody === "number" && Number.isFinite(fromBody)) return fromBody;
  const header = Number(res.headers.get("retry-after") ?? res.headers.get("x-ratelimit-reset-after"));
  return Number.isFinite(header) && header > 0 ? header : 1;
}

/** Discord's buckets follow the route with its major id (guild); user ids inside it share one. */
const routeOf = (path: string) => path.replace(/\/(members|users)\/\d+/g, "/$1/:id");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How old a cached answer a read accepts (default: the cache's TTL); checks on open streams ask for fresher. */
export interface Freshness {
  maxAgeMs?: number;
}

/**
 * Reads users, guilds and memberships from Discord's REST API as the bot,
 * and the signed-in user's guild list with their OAuth token. Discord is the
 * source of truth for who is in which guild with which roles; answers are
 * cached briefly (not-found answers longer) and concurrent identical requests
 * share one fetch. Discord's rate limits are honoured: after a 429 (or an
 * exhausted bucket) its route, or every route for a global limit, waits out
 * `retry-after`; a request waits and retries once when that fits its budget,
 * and otherwise fails at once with "try again in N s", sending nothing.
 */
export function createDiscordDirectory(options: DiscordDirectoryOptions) {
  const base = `${options.apiBase.replace(/\/+$/, "")}/v10`;
  const ttl = options.cacheTtlMs ?? 10_000;
  const notFoundTtl = options.notFoundTtlMs ?? 60_000;
  const budgetMs = options.requestTimeoutMs ?? 10_000;
  const cdn = options.cdnBase ?? "https://cdn.discordapp.com";
  const cache = new Map<string, { at: number; value: Promise<unknown>; ttl: number }>();
  /** Until when (epoch ms) a "<token> <route>", or "<token> global", must not be called. */
  const blockedUntil = new Map<string, number>();

  const blockFor = (key: string, seconds: number) => {
    const now = Date.now();
    for (const [k, until] of blockedUntil) if (until <= now) blockedUntil.delete(k);
    blockedUntil.set(key, Math.max(blockedUntil.get(key) ?? 0, now + Math.ceil(seconds * 1000)));
  };
  const waitNeeded = (scope: string, route: string) =>
    Math.max(blockedUntil.get(`${scope} global`) ?? 0, blockedUntil.get(`${scope} ${route}`) ?? 0) -
    Date.now();

  const rateLimited = (path: string, waitMs: number) =>
    new AppError("UPSTREAM", {
      message: `Discord ${path}: rate limited for ${waitMs} ms`,
      userMessage: `Discord is rate limiting ClusterCord; try again in ${Math.max(1, Math.ceil(waitMs / 1000))} s.`,
    });

  async function request<T>(path: string, auth: string): Promise<T | null> {
    // Limits are per token: the bot's, or one person's OAuth token (kept only as a digest).
    const scope = auth.startsWith("Bot ") ? "bot" : createHash("sha256").update(auth).digest("base64url");
    const route = routeOf(path);
    const deadline = Date.now() + budgetMs;
    let waited = false;
    let refused = false;
    for (;;) {
      const wait = waitNeeded(scope, route);
      if (wait > 0) {
        // Wait once, if it fits the budget; never send into a known limit.
        if (waited || Date.now() + wait >= deadline) throw rateLimited(path, wait);
        waited = true;
        await sleep(wait);
      }
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          headers: { authorization: auth },
          signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
        });
      } catch (cause) {
        throw new AppError("UPSTREAM", { message: `Discord ${path}: ${String(cause)}`, cause });
      }
      if (res.status === 429) {
        const body = await res.json().catch(() => null);
        const global =
          res.headers.get("x-ratelimit-global") === "true" || (body as { global?: unknown })?.global === true;
        blockFor(`${scope} ${global ? "global" : route}`, retryAfterSeconds(res, body));
        if (refused) throw rateLimited(path, waitNeeded(scope, route));
        refused = true;
        continue;
      }
      // The bucket is empty after this answer: hold the next call instead of earning a 429.
      if (res.headers.get("x-ratelimit-remaining") === "0") {
        blockFor(`${scope} ${route}`, retryAfterSeconds(res, null));
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
  }

  function cached<T>(key: string, load: () => Promise<T>, maxAgeMs = ttl): Promise<T> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < Math.min(hit.ttl, maxAgeMs)) return hit.value as Promise<T>;
    const value = load();
    const entry = { at: now, value, ttl };
    cache.set(key, entry);
    // Not found is an answer too: keep it longer, so unknown ids cost one call a minute.
    value.then(
      (v) => {
        entry.ttl = v === null ? notFoundTtl : ttl;
      },
      () => {
        if (cache.get(key) === entry) cache.delete(key);
      },
    );
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
