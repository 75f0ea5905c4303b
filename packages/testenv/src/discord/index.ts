import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { registerSecret } from "../leak-check";
import { CommandRegistry, type RegisteredCommand } from "./commands";
import { createDemo } from "./demo";
import { type DiscordFixture, loadFixture, parseFixture } from "./fixture";
import { Gateway } from "./gateway";
import { HttpError, type ParsedBody, parseBody, readBody, redirect, sendHtml, sendJson } from "./http";
import {
  type AutocompleteHandle,
  type InteractionHandle,
  Interactions,
  type SendAutocompleteOptions,
  type SendCommandOptions,
  type SendComponentOptions,
} from "./interactions";
import { MessageStore, type ReplyPayload } from "./messages";
import { OAuth } from "./oauth";
import { createRestRoutes, handleRest, type RestDeps } from "./rest";
import { World } from "./world";

export type { RegisteredCommand } from "./commands";
export { DiscordFixture, defaultFixturePath, loadFixture, parseFixture } from "./fixture";
export { HEARTBEAT_INTERVAL_MS } from "./gateway";
export type {
  AttachmentFile,
  AutocompleteChoice,
  AutocompleteHandle,
  CommandOption,
  InteractionHandle,
  SendAutocompleteOptions,
  SendCommandOptions,
  SendComponentOptions,
} from "./interactions";
export type { EmbedJson, RecordedAttachment, ReplyPayload } from "./messages";

/** A message the bot sent to a channel (guild channel or DM). */
export type SentMessage = ReplyPayload & { channelId: string };

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

/** Discord's rate limiter, played by the stand-in: matching REST calls answer 429. */
export interface RateLimitMode {
  /** What the 429 asks for (JSON `retry_after`, and the `retry-after` header rounded up). */
  retryAfterSeconds: number;
  /** A global limit (`x-ratelimit-global: true`): the client must hold every route. */
  global?: boolean;
  /** Only paths (after `/api/v10`) matching this; default every REST call. */
  match?: RegExp;
  /** Refuse this many, then answer normally again; default until rateLimit(null). */
  count?: number;
}

export interface DiscordStandIn {
  /** http://127.0.0.1:PORT; its root is the demo's Discord client page. */
  url: string;
  /** `${url}/api`: discord.js `rest.api`, and our DISCORD_API_BASE. */
  apiBase: string;
  /** The OAuth authorize page is `${webBase}/oauth2/authorize`. */
  webBase: string;
  /** ws://127.0.0.1:PORT (also what GET /gateway/bot answers). */
  gatewayUrl: string;
  fixture: DiscordFixture;
  /**
   * A user runs a slash command in a guild channel (guildId null: in their DM with the bot),
   * optionally a subcommand (`subcommand`, `group`) and with attachments (`{ type: 11, file }`).
   */
  sendCommand(opts: SendCommandOptions): Promise<InteractionHandle>;
  /** A user clicks a button on a bot message. */
  sendComponent(opts: SendComponentOptions): Promise<InteractionHandle>;
  /** A user types into an autocomplete option; the handle's `choices()` is what Discord would offer. */
  sendAutocomplete(opts: SendAutocompleteOptions): Promise<AutocompleteHandle>;
  /** What the bot registered: global commands, then guild ones (with guild_id). */
  registeredCommands(): RegisteredCommand[];
  /** Messages the bot sent to a user's DM channel, oldest first. */
  dms(userId: string): SentMessage[];
  /** Messages the bot sent to a guild channel with POST /channels/:id/messages. */
  channelMessages(channelId: string): SentMessage[];
  /** Whether a bot session is connected to the gateway. */
  botConnected(): boolean;
  /** The last requests served (method, path, status), for failure messages. */
  requests(): RequestRecord[];
  /** Answer REST calls with 429 as Discord's rate limiter would (null: stop). */
  rateLimit(mode: RateLimitMode | null): void;
  /** Gives a member exactly these Discord roles (as a guild admin would in Discord); REST answers change at once. */
  setMemberRoles(guildId: string, userId: string, roleIds: string[]): void;
  close(): Promise<void>;
}

export interface StartDiscordStandInOptions {
  fixture?: DiscordFixture;
  /** 0 (default): a random free port. */
  port?: number;
  host?: string;
}

const REQUEST_LOG_SIZE = 500;

/**
 * A local Discord that real clients accept: OAuth2 (authorize page, token,
 * users/@me), the bot REST API discord.js uses, the gateway, interactions and
 * their webhooks; and at `/` a Discord-like client page for the demo (demo.ts).
 * State lives in memory and starts from the fixture.
 */
export async function startDiscordStandIn(options: StartDiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const fixture = options.fixture ? parseFixture(options.fixture) : loadFixture();
  registerSecret(fixture.bot.token, "Discord bot token");
  for (const client of fixture.oauthClients)
    registerSecret(client.clientSecret, "Discord OAuth client secret");
  const host = options.host ?? "127.0.0.1";
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  let port = 0;
  const url = () => `http://${hostInUrl}:${port}`;
  const gatewayUrl = () => `ws://${hostInUrl}:${port}`;

  const world = new World(fixture);
  const oauth = new OAuth(world);
  const messages = new MessageStore(world, url);
  const commands = new CommandRegistry(world.applicationId);
  const gateway = new Gateway(world, gatewayUrl);
  const interactions = new Interactions(world, messages, commands, (payload) =>
    gateway.dispatchToBot("INTERACTION_CREATE", payload),
  );
  const deps: RestDeps = { world, oauth, messages, commands, interactions, gatewayUrl };
  const demo = createDemo({
    world,
    messages,
    commands,
    interactions,
    url,
    connected: () => gateway.connected(),
  });
  const routes = createRestRoutes(deps);
  const log: RequestRecord[] = [];
  let limiting: (RateLimitMode & { left: number }) | null = null;

  /** Whether this REST call is refused by the current rate-limit mode (counting it). */
  const refuseAsLimited = (restPath: string) => {
    if (!limiting || (limiting.match && !limiting.match.test(restPath))) return false;
    if (limiting.left <= 0) return false;
    limiting.left -= 1;
    return true;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? "GET";
    const parsedUrl = new URL(req.url ?? "/", "http://stand-in");
    const path = parsedUrl.pathname;
    let parsed: Promise<ParsedBody> | undefined;
    const body = () => {
      parsed ??= readBody(req).then((raw) => parseBody(req.headers["content-type"], raw));
      return parsed;
    };
    try {
      if (path === "/oauth2/authorize" && (method === "GET" || method === "POST")) {
        const result =
          method === "GET"
            ? oauth.authorizePage(parsedUrl.searchParams)
            : oauth.authorizeSubmit((await body()).form ?? new URLSearchParams());
        if (result.kind === "redirect") redirect(res, result.location);
        else sendHtml(res, result.status, result.html);
        return;
      }
      const api = /^\/api(?:\/v\d+)?(\/.*)?$/.exec(path);
      if (api && limiting && refuseAsLimited(api[1] ?? "/")) {
        const { retryAfterSeconds, global = false } = limiting;
        res.setHeader("retry-after", String(Math.ceil(retryAfterSeconds)));
        res.setHeader("x-ratelimit-scope", global ? "global" : "user");
        if (global) res.setHeader("x-ratelimit-global", "true");
        sendJson(res, 429, {
          message: "You are being rate limited.",
          retry_after: retryAfterSeconds,
          global,
        });
        return;
      }
      if (api) {
        const result = await handleRest(routes, deps, {
          method,
          path: api[1] ?? "/",
          query: parsedUrl.searchParams,
          headers: req.headers,
          body,
        });
        if (result.json === undefined) {
          res.writeHead(result.status, { "content-length": 0 });
          res.end();
        } else {
          sendJson(res, result.status, result.json);
        }
        return;
      }
      const file = /^\/attachments\/\d+\/(\d+)\/[^/]+$/.exec(path);
      const stored = file?.[1] ? messages.file(file[1]) : undefined;
      if (stored && method === "GET") {
        res.writeHead(200, {
          "content-type": stored.contentType ?? "application/octet-stream",
          "content-length": stored.data.length,
        });
        res.end(stored.data);
        return;
      }
      if (await demo.handle(req, res, method, parsedUrl)) return;
      throw new HttpError(404, { message: `404: Not Found (${method} ${path})`, code: 0 });
    } catch (error) {
      if (error instanceof HttpError) {
        // After a refused oversized body, close rather than read the rest of it.
        if (error.status === 413) res.setHeader("connection", "close");
        sendJson(res, error.status, error.body);
      } else {
        console.error(`[discord stand-in] ${method} ${path} failed:`, error);
        sendJson(res, 500, { message: "500: Internal Server Error", code: 0 });
      }
    }
  }

  const server = createServer((req, res) => {
    res.once("finish", () => {
      log.push({ method: req.method ?? "GET", path: req.url ?? "/", status: res.statusCode });
      if (log.length > REQUEST_LOG_SIZE) log.shift();
    });
    void handle(req, res);
  });
  server.on("upgrade", (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const sent = (channelId: string | undefined): SentMessage[] =>
    channelId ? messages.sentTo(channelId).map((m) => ({ ...messages.toReply(m), channelId })) : [];

  return {
    url: url(),
    apiBase: `${url()}/api`,
    webBase: url(),
    gatewayUrl: gatewayUrl(),
    fixture,
    sendCommand: async (opts) => interactions.sendCommand(opts),
    sendComponent: async (opts) => interactions.sendComponent(opts),
    sendAutocomplete: async (opts) => interactions.sendAutocomplete(opts),
    registeredCommands: () => commands.all(),
    dms: (userId) => sent(messages.existingDmChannel(userId)),
    channelMessages: (channelId) => sent(channelId),
    botConnected: () => gateway.connected(),
    requests: () => [...log],
    rateLimit(mode) {
      limiting = mode ? { ...mode, left: mode.count ?? Number.POSITIVE_INFINITY } : null;
    },
    setMemberRoles(guildId, userId, roleIds) {
      const guild = world.guild(guildId);
      const member = guild && world.member(guild, userId);
      if (!guild || !member) throw new Error(`user ${userId} is not a member of guild ${guildId}`);
      const unknown = roleIds.filter((id) => !guild.roles.some((r) => r.id === id));
      if (unknown.length) throw new Error(`guild ${guildId} has no roles ${unknown.join(", ")}`);
      member.roles = [...roleIds];
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
