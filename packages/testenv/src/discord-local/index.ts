import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { type DiscordFixture, type FixtureGuild, loadFixture } from "./fixture";
import { type InteractionHandle, InteractionRecord, type ReplyPayload } from "./interactions";
import { createOAuth } from "./oauth";
import { apiGuild, apiMember, apiUser, botUser, guildCreate, memberPermissions, newId } from "./objects";

export { DiscordFixture, loadFixture } from "./fixture";
export type { InteractionHandle, ReplyPayload } from "./interactions";

export interface DiscordStandIn {
  url: string;
  /** Give to discord.js `rest.api` and to ClusterCord's DISCORD_API_BASE. */
  apiBase: string;
  /** Hosts /oauth2/authorize (ClusterCord's DISCORD_WEB_BASE). */
  webBase: string;
  fixture: DiscordFixture;
  sendCommand(opts: {
    userId: string;
    guildId: string;
    name: string;
    options?: { name: string; type: number; value: string | number | boolean; focused?: boolean }[];
    channelId?: string;
    autocomplete?: boolean;
  }): Promise<InteractionHandle>;
  sendComponent(opts: {
    userId: string;
    guildId: string;
    customId: string;
    messageId?: string;
    channelId?: string;
  }): Promise<InteractionHandle>;
  registeredCommands(): unknown[];
  dms(userId: string): ReplyPayload[];
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
  ) {
    super(JSON.stringify(body));
  }
}
const unknown = (what: string, code: number) => new HttpError(404, { message: `Unknown ${what}`, code });

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, { message: "Request entity too large", code: 40005 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** JSON or multipart (payload_json + files[n]) message bodies, as discord.js sends them. */
async function parsePayload(req: IncomingMessage, raw: Buffer): Promise<ReplyPayload> {
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": type } }).formData();
    const payload = JSON.parse(String(form.get("payload_json") ?? "{}")) as ReplyPayload;
    const files: NonNullable<ReplyPayload["attachments"]> = [];
    for (const [key, value] of form) {
      if (!key.startsWith("files[") || typeof value === "string") continue;
      const text = await value.text();
      files.push({ filename: value.name, size: value.size, content: text });
    }
    // Interaction callbacks wrap the message in `data`; webhooks send it bare.
    const target = (payload.data as ReplyPayload | undefined) ?? payload;
    target.attachments = files;
    return payload;
  }
  return raw.length ? (JSON.parse(raw.toString("utf8")) as ReplyPayload) : {};
}

/**
 * A local Discord: OAuth2 (with a user picker), the REST routes ClusterCord's
 * API and worker use, and a gateway the real discord.js client connects to.
 * Tests "type" slash commands and read the bot's replies.
 */
export async function startDiscordStandIn(
  opts: { fixture?: DiscordFixture; port?: number; host?: string } = {},
): Promise<DiscordStandIn> {
  const fixture = opts.fixture ?? loadFixture();
  const oauth = createOAuth(fixture);
  const interactions = new Map<string, InteractionRecord>(); // by token
  const commands = new Map<string, unknown[]>(); // scope -> definitions
  const dmChannels = new Map<string, string>(); // channel id -> user id
  const dmLog = new Map<string, ReplyPayload[]>();
  const sessions = new Set<{ ws: WebSocket; seq: number; ready: boolean }>();
  let url = "";

  const installed = fixture.guilds.filter((g) => g.botInstalled);
  const guild = (id: string | undefined, forBot = true): FixtureGuild => {
    const g = fixture.guilds.find((x) => x.id === id);
    if (!g || (forBot && !g.botInstalled)) throw unknown("Guild", 10004);
    return g;
  };
  const user = (id: string | undefined) => {
    const u = fixture.users.find((x) => x.id === id);
    if (!u) throw unknown("User", 10013);
    return u;
  };
  const message = (channelId: string, data: ReplyPayload) => ({
    id: newId(),
    type: 0,
    channel_id: channelId,
    author: botUser(fixture),
    content: data.content ?? "",
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    attachments: (data.attachments ?? []).map((a) => ({
      id: newId(),
      filename: a.filename,
      size: a.size,
      url: `${url}/attachments/${a.filename}`,
      proxy_url: `${url}/attachments/${a.filename}`,
    })),
    flags: data.flags ?? 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
  });

  function requireBot(req: IncomingMessage) {
    if (req.headers.authorization !== `Bot ${fixture.bot.token}`) {
      throw new HttpError(401, { message: "401: Unauthorized", code: 0 });
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? "/", url);
    const method = req.method ?? "GET";
    const raw = method === "GET" || method === "HEAD" ? Buffer.alloc(0) : await readBody(req);
    const send = (status: number, body?: unknown) => {
      if (body === undefined) {
        res.writeHead(status).end();
        return;
      }
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };

    // OAuth2 pages (on the web origin).
    if (u.pathname === "/oauth2/authorize") {
      if (method === "GET") {
        const problem = oauth.checkAuthorize(u.searchParams);
        if (problem) return send(400, { error: problem });
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(oauth.pickerPage(u.searchParams));
        return;
      }
      const result = oauth.authorize(new URLSearchParams(raw.toString("utf8")));
      if ("error" in result) return send(400, result);
      res.writeHead(302, { location: result.redirect }).end();
      return;
    }

    const api = u.pathname.match(/^\/api(?:\/v\d+)?(\/.*)$/);
    if (!api?.[1]) throw new HttpError(404, { message: `404: Not Found ${u.pathname}`, code: 0 });
    const path = api[1];
    const p = path.split("/").filter(Boolean).map(decodeURIComponent);

    if (path === "/oauth2/token" && method === "POST") {
      const [status, body] = oauth.token(
        new URLSearchParams(raw.toString("utf8")),
        req.headers.authorization,
      );
      return send(status, body);
    }

    // Routes read with a user's OAuth token.
    const bearer = oauth.bearer(req.headers.authorization);
    if (bearer) {
      if (path === "/users/@me") return send(200, apiUser(user(bearer.userId)));
      if (path === "/users/@me/guilds") {
        if (!bearer.scopes.has("guilds"))
          throw new HttpError(403, { message: "Missing Access", code: 50001 });
        return send(
          200,
          fixture.guilds
            .filter((g) => g.members.some((m) => m.userId === bearer.userId))
            .map((g) => ({
              id: g.id,
              name: g.name,
              icon: g.icon,
              owner: g.ownerId === bearer.userId,
              permissions: memberPermissions(g, bearer.userId),
              features: [],
            })),
        );
      }
      const m = path.match(/^\/users\/@me\/guilds\/(\d+)\/member$/);
      if (m) {
        if (!bearer.scopes.has("guilds.members.read"))
          throw new HttpError(403, { message: "Missing Access", code: 50001 });
        const member = apiMember(fixture, guild(m[1], false), bearer.userId);
        if (!member) throw unknown("Guild", 10004);
        return send(200, member);
      }
      throw new HttpError(401, { message: "401: Unauthorized", code: 0 });
    }

    // Interaction callbacks and webhooks are authorized by the interaction token.
    if (p[0] === "interactions" && p[3] === "callback" && method === "POST") {
      const record = interactions.get(p[2] ?? "");
      if (!record || record.id !== p[1]) throw unknown("interaction", 10062);
      const body = (await parsePayload(req, raw)) as { type: number; data?: ReplyPayload };
      record.callback(body.type, body.data);
      return send(200, {});
    }
    if (p[0] === "webhooks" && p[1] === fixture.application.id) {
      const record = interactions.get(p[2] ?? "");
      if (!record) throw unknown("Webhook", 10015);
      if (p[3] === "messages" && p[4] === "@original") {
        if (method === "PATCH") record.editOriginal(await parsePayload(req, raw));
        if (method === "DELETE") {
          record.original = null;
          return send(204);
        }
        return send(200, message("0", record.original ?? {}));
      }
      if (p.length === 3 && method === "POST") {
        const data = await parsePayload(req, raw);
        record.followUpList.push(data);
        return send(200, message("0", data));
      }
    }

    requireBot(req);
    if (path === "/gateway/bot") {
      return send(200, {
        url: url.replace(/^http/, "ws"),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (path === "/gateway") return send(200, { url: url.replace(/^http/, "ws") });
    if (path === "/users/@me") return send(200, botUser(fixture));
    if (path === "/users/@me/guilds") {
      return send(
        200,
        installed.map((g) => ({
          id: g.id,
          name: g.name,
          icon: g.icon,
          owner: false,
          permissions: "0",
          features: [],
        })),
      );
    }
    if (path === "/users/@me/channels" && method === "POST") {
      const { recipient_id } = JSON.parse(raw.toString("utf8") || "{}") as { recipient_id?: string };
      const recipient = user(recipient_id);
      const id = [...dmChannels].find(([, uid]) => uid === recipient.id)?.[0] ?? newId();
      dmChannels.set(id, recipient.id);
      return send(200, { id, type: 1, last_message_id: null, recipients: [apiUser(recipient)] });
    }
    if (p[0] === "users" && p.length === 2) return send(200, apiUser(user(p[1])));
    if (p[0] === "guilds" && p.length === 2) return send(200, apiGuild(guild(p[1])));
    if (p[0] === "guilds" && p[2] === "members" && p.length === 4) {
      const member = apiMember(fixture, guild(p[1]), p[3] ?? "");
      if (!member) throw unknown("Member", 10007);
      return send(200, member);
    }
    if (p[0] === "guilds" && p[2] === "roles" && p.length === 3)
      return send(200, apiGuild(guild(p[1])).roles);
    if (p[0] === "applications" && p[1] === fixture.application.id && p.at(-1) === "commands") {
      const scope = p[2] === "guilds" ? `guild:${p[3]}` : "global";
      if (method === "PUT") {
        const defs = (JSON.parse(raw.toString("utf8") || "[]") as Record<string, unknown>[]).map((c) => ({
          id: newId(),
          application_id: fixture.application.id,
          version: newId(),
          type: 1,
          ...c,
        }));
        commands.set(scope, defs);
      }
      return send(200, commands.get(scope) ?? []);
    }
    if (p[0] === "channels" && p[2] === "messages" && method === "POST") {
      const data = await parsePayload(req, raw);
      const recipient = dmChannels.get(p[1] ?? "");
      if (recipient) dmLog.set(recipient, [...(dmLog.get(recipient) ?? []), data]);
      return send(200, message(p[1] ?? "0", data));
    }
    throw new HttpError(404, { message: `404: Not Found ${method} ${path}`, code: 0 });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.end();
      const status = error instanceof HttpError ? error.status : 500;
      const body = error instanceof HttpError ? error.body : { message: String(error), code: 0 };
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });

  // The gateway: HELLO, heartbeats, IDENTIFY -> READY + GUILD_CREATEs, dispatches.
  const gateway = new WebSocketServer({ server });
  gateway.on("connection", (ws) => {
    const session = { ws, seq: 0, ready: false };
    sessions.add(session);
    const sendOp = (op: number, d: unknown, t?: string) =>
      ws.send(JSON.stringify({ op, d, s: t ? ++session.seq : null, t: t ?? null }));
    sendOp(10, { heartbeat_interval: 41_250 });
    ws.on("message", (raw) => {
      let packet: { op: number; d: Record<string, unknown> | null };
      try {
        packet = JSON.parse(raw.toString());
      } catch {
        return ws.close(4002, "Decode error");
      }
      if (packet.op === 1) return sendOp(11, null);
      if (packet.op === 2) {
        const token = String(packet.d?.token ?? "").replace(/^Bot /, "");
        if (token !== fixture.bot.token) return ws.close(4004, "Authentication failed.");
        sendOp(
          0,
          {
            v: 10,
            user: botUser(fixture),
            guilds: installed.map((g) => ({ id: g.id, unavailable: true })),
            session_id: randomBytes(16).toString("hex"),
            resume_gateway_url: url.replace(/^http/, "ws"),
            shard: [0, 1],
            application: { id: fixture.application.id, flags: 0 },
            private_channels: [],
            presences: [],
            relationships: [],
            guild_join_requests: [],
          },
          "READY",
        );
        for (const g of installed) sendOp(0, guildCreate(fixture, g), "GUILD_CREATE");
        session.ready = true;
      }
      if (packet.op === 6) sendOp(9, false); // RESUME: ask for a fresh IDENTIFY
    });
    ws.on("close", () => sessions.delete(session));
  });

  function dispatchInteraction(payload: Record<string, unknown>): InteractionHandle {
    const live = [...sessions].find((s) => s.ready && s.ws.readyState === WebSocket.OPEN);
    if (!live) throw new Error("no bot is connected to the stand-in's gateway");
    const id = newId();
    const token = `itk-${randomBytes(24).toString("base64url")}`;
    const record = new InteractionRecord(id, token);
    interactions.set(token, record);
    live.ws.send(
      JSON.stringify({ op: 0, s: ++live.seq, t: "INTERACTION_CREATE", d: { ...payload, id, token } }),
    );
    return record.handle();
  }

  function interactionBase(userId: string, guildId: string, channelId?: string) {
    const g = guild(guildId);
    const member = apiMember(fixture, g, userId);
    if (!member) throw new Error(`user ${userId} is not a member of guild ${guildId}`);
    const channel = g.channels.find((c) => c.id === channelId) ?? g.channels[0];
    if (!channel) throw new Error(`guild ${guildId} has no channel`);
    return {
      application_id: fixture.application.id,
      guild_id: g.id,
      guild: { id: g.id, features: [], locale: "en-US" },
      channel_id: channel.id,
      channel: {
        id: channel.id,
        type: 0,
        guild_id: g.id,
        name: channel.name,
        permissions: memberPermissions(g, userId),
      },
      member: { ...member, permissions: memberPermissions(g, userId) },
      version: 1,
      app_permissions: String((1n << 41n) - 1n),
      locale: "en-US",
      guild_locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: { "0": g.id },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  url = `http://${opts.host ?? "127.0.0.1"}:${address.port}`;

  return {
    url,
    apiBase: `${url}/api`,
    webBase: url,
    fixture,
    async sendCommand(o) {
      const registered = [...commands.values()].flat() as { id: string; name: string }[];
      const definition = registered.find((c) => c.name === o.name);
      return dispatchInteraction({
        ...interactionBase(o.userId, o.guildId, o.channelId),
        type: o.autocomplete ? 4 : 2,
        data: {
          id: definition?.id ?? newId(),
          name: o.name,
          type: 1,
          options: o.options ?? [],
          guild_id: o.guildId,
        },
      });
    },
    async sendComponent(o) {
      const base = interactionBase(o.userId, o.guildId, o.channelId);
      return dispatchInteraction({
        ...base,
        type: 3,
        data: { custom_id: o.customId, component_type: 2 },
        message: { ...message(base.channel_id, {}), id: o.messageId ?? newId() },
      });
    },
    registeredCommands: () => [...commands.values()].flat(),
    dms: (userId) => [...(dmLog.get(userId) ?? [])],
    async close() {
      for (const s of sessions) s.ws.terminate();
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
