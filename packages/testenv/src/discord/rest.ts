import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import type { CommandRegistry } from "./commands";
import { discordError, HttpError, matchPath, type ParsedBody, unauthorized, validate } from "./http";
import type { Interactions } from "./interactions";
import { type MessageStore, parseMessageBody } from "./messages";
import type { Grant, OAuth } from "./oauth";
import type { World } from "./world";

type Auth = { kind: "bot" } | { kind: "bearer"; grant: Grant } | { kind: "none" };

export interface RestRequest {
  method: string;
  /** The path after `/api` and an optional `/v<n>`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: () => Promise<ParsedBody>;
}

/** A JSON answer; `json: undefined` means 204 No Content. */
export interface RestResult {
  status: number;
  json?: unknown;
}

interface Route {
  method: string;
  path: string;
  /** Who may call: the bot, an OAuth user, either, or anyone (interaction webhooks carry their token). */
  auth: "bot" | "bearer" | "any" | "none";
  handle(ctx: { params: Record<string, string>; req: RestRequest; auth: Auth }): Promise<unknown> | unknown;
}

export interface RestDeps {
  world: World;
  oauth: OAuth;
  messages: MessageStore;
  commands: CommandRegistry;
  interactions: Interactions;
  gatewayUrl: () => string;
}

const DmCreate = z.object({ recipient_id: z.string() });

const needScope = (auth: Auth, scope: string) => {
  if (auth.kind === "bearer" && !auth.grant.scopes.includes(scope)) throw unauthorized();
};

const form = async (req: RestRequest) => {
  const body = await req.body();
  if (!body.form)
    throw new HttpError(400, { error: "invalid_request", error_description: "Expected a form body" });
  return body.form;
};

/** The REST API the bot (Bot token) and signed-in users (Bearer token) call. */
export function createRestRoutes(deps: RestDeps): Route[] {
  const { world, oauth, messages, commands, interactions } = deps;

  const installedGuild = (guildId: string) => {
    const guild = world.installedGuild(guildId);
    if (!guild) throw discordError(404, "Unknown Guild", 10004);
    return guild;
  };
  const checkApp = (appId: string) => {
    if (appId !== world.applicationId) throw discordError(403, "Missing Access", 50001);
  };
  const commandScope = (params: Record<string, string>) => {
    checkApp(params.appId ?? "");
    if (params.guildId === undefined) return null;
    if (!world.installedGuild(params.guildId)) throw discordError(403, "Missing Access", 50001);
    return params.guildId;
  };
  const application = () => ({
    id: world.applicationId,
    name: world.fixture.application.name,
    icon: null,
    description: "",
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: "0".repeat(64),
    flags: 0,
    team: null,
    bot: world.botUser(),
  });

  const routes: Route[] = [
    { method: "GET", path: "/gateway", auth: "none", handle: () => ({ url: deps.gatewayUrl() }) },
    {
      method: "GET",
      path: "/gateway/bot",
      auth: "bot",
      handle: () => ({
        url: deps.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      }),
    },
    { method: "GET", path: "/applications/@me", auth: "bot", handle: application },
    { method: "GET", path: "/oauth2/applications/@me", auth: "bot", handle: application },
    {
      method: "POST",
      path: "/oauth2/token",
      auth: "none",
      handle: async ({ req }) => oauth.token(req.headers.authorization, await form(req)),
    },
    {
      method: "POST",
      path: "/oauth2/token/revoke",
      auth: "none",
      handle: async ({ req }) => oauth.revoke(req.headers.authorization, await form(req)),
    },
    {
      method: "GET",
      path: "/users/@me",
      auth: "any",
      handle: ({ auth }) => {
        if (auth.kind !== "bearer") return world.botUser();
        needScope(auth, "identify");
        const user = world.user(auth.grant.userId);
        if (!user) throw unauthorized();
        return world.apiUser(user);
      },
    },
    {
      method: "GET",
      path: "/users/@me/guilds",
      auth: "any",
      handle: ({ auth }) => {
        if (auth.kind !== "bearer") return world.installedGuilds().map((g) => world.partialGuild(g, null));
        needScope(auth, "guilds");
        return world.guildsOf(auth.grant.userId).map((g) => world.partialGuild(g, auth.grant.userId));
      },
    },
    {
      method: "GET",
      path: "/users/@me/guilds/:guildId/member",
      auth: "bearer",
      handle: ({ auth, params }) => {
        needScope(auth, "guilds.members.read");
        const userId = auth.kind === "bearer" ? auth.grant.userId : "";
        const guild = world.guild(params.guildId ?? "");
        const member = guild && world.apiMember(guild, userId);
        if (!member) throw discordError(404, "Unknown Guild", 10004);
        return member;
      },
    },
    {
      method: "POST",
      path: "/users/@me/channels",
      auth: "bot",
      handle: async ({ req }) => {
        const { recipient_id } = validate(DmCreate, (await req.body()).json);
        if (!world.user(recipient_id)) throw discordError(400, "Invalid Recipient(s)", 50033);
        return messages.apiDmChannel(recipient_id);
      },
    },
    {
      method: "GET",
      path: "/users/:userId",
      auth: "bot",
      handle: ({ params }) => {
        if (params.userId === world.fixture.bot.id) return world.botUser();
        const user = world.user(params.userId ?? "");
        if (!user) throw discordError(404, "Unknown User", 10013);
        return world.apiUser(user);
      },
    },
    {
      method: "GET",
      path: "/guilds/:guildId",
      auth: "bot",
      handle: ({ params }) => world.apiGuild(installedGuild(params.guildId ?? "")),
    },
    {
      method: "GET",
      path: "/guilds/:guildId/roles",
      auth: "bot",
      handle: ({ params }) => world.apiRoles(installedGuild(params.guildId ?? "")),
    },
    {
      method: "GET",
      path: "/guilds/:guildId/channels",
      auth: "bot",
      handle: ({ params }) => {
        const guild = installedGuild(params.guildId ?? "");
        return guild.channels.map((c, i) => world.apiChannel(guild, c, i));
      },
    },
    {
      method: "GET",
      path: "/guilds/:guildId/members/:userId",
      auth: "bot",
      handle: ({ params }) => {
        const guild = installedGuild(params.guildId ?? "");
        if (params.userId === world.fixture.bot.id) return world.botMember();
        const member = world.apiMember(guild, params.userId ?? "");
        if (!member) throw discordError(404, "Unknown Member", 10007);
        return member;
      },
    },
    {
      method: "GET",
      path: "/channels/:channelId",
      auth: "bot",
      handle: ({ params }) => {
        const info = messages.channelInfo(params.channelId ?? "");
        if (info?.kind === "dm") return messages.apiDmChannel(info.userId);
        const found = info && world.channel(info.channelId);
        if (!found || !world.installedGuild(found.guild.id))
          throw discordError(404, "Unknown Channel", 10003);
        return world.apiChannel(found.guild, found.channel);
      },
    },
    {
      method: "POST",
      path: "/channels/:channelId/messages",
      auth: "bot",
      handle: async ({ params, req }) => {
        const info = messages.channelInfo(params.channelId ?? "");
        if (!info || (info.kind === "guild" && !world.installedGuild(info.guildId))) {
          throw discordError(404, "Unknown Channel", 10003);
        }
        if (info.kind === "dm" && !world.botSharesGuildWith(info.userId)) {
          throw discordError(403, "Cannot send messages to this user", 50007);
        }
        const body = await req.body();
        return messages.create({
          channelId: info.channelId,
          source: "channel",
          body: parseMessageBody(body.json),
          files: body.files,
        });
      },
    },
    {
      method: "GET",
      path: "/channels/:channelId/messages/:messageId",
      auth: "bot",
      handle: ({ params }) => {
        const message = messages.get(params.messageId ?? "");
        if (!message || message.channel_id !== params.channelId)
          throw discordError(404, "Unknown Message", 10008);
        return message;
      },
    },
    {
      method: "POST",
      path: "/interactions/:id/:token/callback",
      auth: "none",
      handle: async ({ params, req }) => {
        const body = await req.body();
        const withResponse = req.query.get("with_response") === "true";
        return interactions.callback(
          params.id ?? "",
          params.token ?? "",
          body.json,
          body.files,
          withResponse,
        );
      },
    },
    {
      method: "POST",
      path: "/webhooks/:appId/:token",
      auth: "none",
      handle: async ({ params, req }) => {
        const body = await req.body();
        const message = interactions.followUp(params.appId ?? "", params.token ?? "", body.json, body.files);
        return req.query.get("wait") === "true" ? message : undefined;
      },
    },
  ];

  for (const method of ["GET", "PATCH", "DELETE"] as const) {
    routes.push({
      method,
      path: "/webhooks/:appId/:token/messages/:messageId",
      auth: "none",
      handle: async ({ params, req }) => {
        const body = method === "PATCH" ? await req.body() : undefined;
        const { appId = "", token = "", messageId = "" } = params;
        return (
          interactions.webhookMessage(appId, token, messageId, method, body?.json, body?.files) ?? undefined
        );
      },
    });
  }

  for (const path of ["/applications/:appId/commands", "/applications/:appId/guilds/:guildId/commands"]) {
    routes.push(
      { method: "GET", path, auth: "bot", handle: ({ params }) => commands.list(commandScope(params)) },
      {
        method: "PUT",
        path,
        auth: "bot",
        handle: async ({ params, req }) => commands.overwrite(commandScope(params), (await req.body()).json),
      },
      {
        method: "POST",
        path,
        auth: "bot",
        handle: async ({ params, req }) => commands.create(commandScope(params), (await req.body()).json),
      },
    );
  }
  return routes;
}

/** Finds the route, checks the caller's credentials and runs it. */
export async function handleRest(routes: Route[], deps: RestDeps, req: RestRequest): Promise<RestResult> {
  let methodMismatch = false;
  for (const route of routes) {
    const params = matchPath(route.path, req.path);
    if (!params) continue;
    if (route.method !== req.method) {
      methodMismatch = true;
      continue;
    }
    // Open routes authenticate themselves (OAuth client credentials, interaction tokens).
    const auth: Auth =
      route.auth === "none" ? { kind: "none" } : authenticate(deps, req.headers.authorization);
    const allowed = route.auth === "none" || route.auth === "any" || route.auth === auth.kind;
    if (!allowed) throw unauthorized();
    const json = await route.handle({ params, req, auth });
    return json === undefined ? { status: 204 } : { status: 200, json };
  }
  if (methodMismatch) throw discordError(405, "405: Method Not Allowed", 0);
  throw discordError(404, `404: Not Found (${req.method} ${req.path})`, 0);
}

function authenticate(deps: RestDeps, header: string | undefined): Auth {
  if (header?.startsWith("Bot ")) {
    if (header.slice(4) !== deps.world.fixture.bot.token) throw unauthorized();
    return { kind: "bot" };
  }
  const grant = deps.oauth.bearer(header); // null for a missing, unknown or expired token
  if (!grant) throw unauthorized();
  return { kind: "bearer", grant };
}
