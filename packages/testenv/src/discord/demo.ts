import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { z } from "zod";
import type { CommandRegistry } from "./commands";
import { HttpError, readBody, sendJson } from "./http";
import { findComponent, type Interactions } from "./interactions";
import { EPHEMERAL, LOADING, type MessageStore } from "./messages";
import type { Json, World } from "./world";

/**
 * The demo's Discord client: a page at `/` (static files in demo-client/) and
 * the JSON endpoints it calls. Commands and clicks go through the same
 * Interactions the tests drive, so the page shows what Discord would show.
 */

/** Files a person attaches in the demo (kubeconfigs, manifests) are small; base64 adds a third. */
export const DEMO_FILE_LIMIT = 2 * 1024 * 1024;
const DEMO_BODY_LIMIT = Math.ceil((DEMO_FILE_LIMIT * 4) / 3) + 64 * 1024;
/** How long Discord's client waits for the bot to acknowledge before "The application did not respond". */
const ACK_WAIT_MS = 3_000;
/** Discord's client gives up on autocomplete choices about as fast. */
const AUTOCOMPLETE_WAIT_MS = 3_000;
const MAX_EVENT_STREAMS = 32;
const KEEPALIVE_MS = 15_000;

const clientDir = path.join(import.meta.dirname, "demo-client");
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/demo/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/demo/parse.js": { file: "parse.js", type: "text/javascript; charset=utf-8" },
  "/demo/render.js": { file: "render.js", type: "text/javascript; charset=utf-8" },
  "/demo/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
};
/** Own scripts and styles only: no inline code, no other origins. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const Id = z.string().regex(/^\d{1,20}$/, "must be a Discord id (digits only)");
const Name = z.string().min(1).max(32);
/** A typed option: its value's JSON type must be the one Discord sends for the option type. */
const TypedOption = z
  .strictObject({
    name: Name,
    type: z.number().int().min(3).max(10),
    value: z.union([z.string().max(6000), z.number().finite(), z.boolean()]),
  })
  .refine(
    (o) =>
      o.type === 4
        ? Number.isInteger(o.value)
        : o.type === 10
          ? typeof o.value === "number"
          : o.type === 5
            ? typeof o.value === "boolean"
            : typeof o.value === "string",
    { message: "value does not match the option type (4: integer, 10: number, 5: boolean, else a string)" },
  );
const AttachmentOption = z.strictObject({
  name: Name,
  type: z.literal(11),
  file: z.strictObject({
    filename: z.string().min(1).max(255),
    contentType: z.string().max(255).optional(),
    base64: z
      .string()
      .max(Math.ceil(DEMO_FILE_LIMIT / 3) * 4, `files are limited to ${DEMO_FILE_LIMIT} bytes in the demo`)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be base64"),
  }),
});
/** Where a person types: a guild channel, or (null) their DM with the bot. */
const Place = { userId: Id, channelId: Id.nullable() };
const CommandPath = { name: Name, subcommand: Name.optional(), group: Name.optional() };

const CommandRequest = z.strictObject({
  ...Place,
  ...CommandPath,
  options: z
    .array(z.union([TypedOption, AttachmentOption]))
    .max(25)
    .default([]),
});
const AutocompleteRequest = z.strictObject({
  ...Place,
  ...CommandPath,
  options: z.array(TypedOption).max(25).default([]),
  focused: z.strictObject({ name: Name, value: z.string().max(6000) }),
});
const ComponentRequest = z.strictObject({
  userId: Id,
  messageId: Id,
  customId: z.string().min(1).max(100),
  values: z.array(z.string().max(100)).max(25).optional(),
});
const MessagesQuery = z.strictObject({ userId: Id, channelId: z.union([Id, z.literal("dm")]) });

export interface DemoDeps {
  world: World;
  messages: MessageStore;
  commands: CommandRegistry;
  interactions: Interactions;
  /** http://127.0.0.1:PORT: the only origin the page may call from. */
  url: () => string;
  /** Whether the bot is connected to the gateway (the page says when it is not). */
  connected: () => boolean;
}

/** A message as the page renders it, seen by one person. */
export interface DemoMessage {
  id: string;
  timestamp: string;
  edited: boolean;
  author: string;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: { filename: string; size: number; url: string; contentType: string | null }[];
  ephemeral: boolean;
  /** A deferred reply the bot has not edited yet ("is thinking..."). */
  loading: boolean;
  /** The slash command this answers ("/whoami") and who typed it. */
  command: { label: string; user: string } | null;
}

function badRequest(message: string): HttpError {
  return new HttpError(400, { message, code: 0 });
}

/** Parses with zod, naming each problem's path ("options.0.value: ..."). */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
  throw badRequest(`Invalid demo request: ${problems.join("; ")}`);
}

export function createDemo(deps: DemoDeps) {
  const { world, messages, commands, interactions } = deps;
  const streams = new Set<ServerResponse>();
  let revision = 0;
  messages.watch(() => {
    revision += 1;
    for (const res of streams) res.write(`event: change\ndata: ${revision}\n\n`);
  });
  const files = new Map<string, Buffer>();

  /**
   * The stand-in listens on loopback only; still, refuse what a foreign web page
   * could send: another Host (DNS rebinding), another Origin, a non-JSON body.
   */
  function guard(req: IncomingMessage, method: string) {
    const own = new URL(deps.url());
    const allowedHosts = new Set([own.host, `localhost:${own.port}`]);
    if (!allowedHosts.has(req.headers.host ?? "")) {
      throw new HttpError(403, { message: `The demo page answers only at ${own.host}`, code: 0 });
    }
    if (method === "GET") return;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(new URL(origin, "http://invalid").host)) {
      throw new HttpError(403, { message: `Requests from ${origin} are not allowed`, code: 0 });
    }
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      throw new HttpError(415, { message: "The demo endpoints take application/json", code: 0 });
    }
  }

  async function jsonBody(req: IncomingMessage): Promise<unknown> {
    const raw = await readBody(req, DEMO_BODY_LIMIT);
    try {
      return JSON.parse(raw.toString("utf8"));
    } catch {
      throw badRequest("The request body is not valid JSON");
    }
  }

  /** The guild of a channel the person may see (or null for their DM); refuses any other. */
  function placeOf(userId: string, channelId: string | null): string | null {
    if (!world.user(userId)) throw badRequest(`No fixture user ${userId}`);
    if (channelId === null) return null;
    const found = world.channel(channelId);
    if (!found || !world.installedGuild(found.guild.id)) {
      throw badRequest(`No channel ${channelId} in a server the bot is in`);
    }
    if (!world.member(found.guild, userId)) {
      throw new HttpError(403, { message: `That person is not a member of ${found.guild.name}`, code: 0 });
    }
    return found.guild.id;
  }

  const userName = (id: string | undefined) => (id && world.user(id)?.username) || "someone";

  function view(message: Json, viewerId: string): DemoMessage | null {
    const meta = message.interaction_metadata as Json | undefined;
    const invokerId = (meta?.user as Json | undefined)?.id as string | undefined;
    const flags = Number(message.flags ?? 0);
    const ephemeral = (flags & EPHEMERAL) !== 0;
    if (ephemeral && invokerId !== viewerId) return null;
    const label = meta && meta.type === 2 ? interactions.label(String(meta.id)) : undefined;
    const reply = messages.toReply(message);
    return {
      id: String(message.id),
      timestamp: String(message.timestamp),
      edited: message.edited_timestamp !== null,
      author: String((message.author as Json).username),
      content: reply.content ?? "",
      embeds: (reply.embeds ?? []) as Json[],
      components: reply.components ?? [],
      attachments: (reply.attachments ?? []).map((a) => ({
        filename: a.filename,
        size: a.size,
        url: a.url,
        contentType: a.contentType,
      })),
      ephemeral,
      loading: (flags & LOADING) !== 0,
      command: label ? { label, user: userName(invokerId) } : null,
    };
  }

  function worldView() {
    return {
      bot: world.fixture.bot.username,
      connected: deps.connected(),
      users: world.fixture.users.map((u) => ({ id: u.id, username: u.username, globalName: u.globalName })),
      guilds: world.installedGuilds().map((g) => ({
        id: g.id,
        name: g.name,
        members: g.members.map((m) => m.userId),
        channels: g.channels.map((c) => ({ id: c.id, name: c.name })),
      })),
      commands: commands.all(),
    };
  }

  function messagesFor(query: URLSearchParams) {
    const { userId, channelId } = parse(MessagesQuery, Object.fromEntries(query));
    let channel: string | undefined;
    if (channelId === "dm") {
      if (!world.user(userId)) throw badRequest(`No fixture user ${userId}`);
      channel = messages.existingDmChannel(userId);
    } else {
      placeOf(userId, channelId);
      channel = channelId;
    }
    const list = channel ? messages.inChannel(channel) : [];
    return { revision, messages: list.flatMap((m) => view(m, userId) ?? []) };
  }

  async function sendCommand(body: unknown) {
    const request = parse(CommandRequest, body);
    const guildId = placeOf(request.userId, request.channelId);
    const options = request.options.map((o) => {
      if (!("file" in o)) return o;
      const { filename, contentType, base64 } = o.file;
      const data = Buffer.from(base64, "base64");
      if (data.length > DEMO_FILE_LIMIT)
        throw badRequest(`${filename}: files are limited to ${DEMO_FILE_LIMIT} bytes in the demo`);
      return {
        name: o.name,
        type: 11 as const,
        file: { filename, data, ...(contentType ? { contentType } : {}) },
      };
    });
    const handle = asUserError(() =>
      interactions.sendCommand({
        userId: request.userId,
        guildId,
        name: request.name,
        ...(request.subcommand ? { subcommand: request.subcommand } : {}),
        ...(request.group ? { group: request.group } : {}),
        options,
        ...(request.channelId ? { channelId: request.channelId } : {}),
      }),
    );
    return {
      interactionId: handle.id,
      acknowledged: await interactions.acknowledged(handle.id, ACK_WAIT_MS),
    };
  }

  async function autocomplete(body: unknown) {
    const request = parse(AutocompleteRequest, body);
    const guildId = placeOf(request.userId, request.channelId);
    const handle = asUserError(() =>
      interactions.sendAutocomplete({
        userId: request.userId,
        guildId,
        name: request.name,
        ...(request.subcommand ? { subcommand: request.subcommand } : {}),
        ...(request.group ? { group: request.group } : {}),
        options: request.options,
        focused: request.focused,
        ...(request.channelId ? { channelId: request.channelId } : {}),
      }),
    );
    try {
      return { choices: await handle.choices(AUTOCOMPLETE_WAIT_MS) };
    } catch {
      // Discord's client shows no choices when the bot is too slow; so does the page.
      return { choices: [], timedOut: true };
    }
  }

  async function clickComponent(body: unknown) {
    const request = parse(ComponentRequest, body);
    const message = messages.get(request.messageId);
    const seen = message && view(message, request.userId);
    if (!message || !seen) throw badRequest(`No message ${request.messageId} that this person can see`);
    const channelId = String(message.channel_id);
    const info = messages.channelInfo(channelId);
    const guildId = info?.kind === "guild" ? placeOf(request.userId, channelId) : null;
    if (info?.kind === "dm" && info.userId !== request.userId) {
      throw badRequest(`No message ${request.messageId} that this person can see`);
    }
    checkComponent(message, request.customId, request.values);
    const handle = asUserError(() =>
      interactions.sendComponent({
        userId: request.userId,
        guildId,
        messageId: request.messageId,
        customId: request.customId,
        ...(info?.kind === "guild" ? { channelId } : {}),
        ...(request.values ? { values: request.values } : {}),
      }),
    );
    return {
      interactionId: handle.id,
      acknowledged: await interactions.acknowledged(handle.id, ACK_WAIT_MS),
    };
  }

  function openEvents(req: IncomingMessage, res: ServerResponse) {
    if (streams.size >= MAX_EVENT_STREAMS) {
      throw new HttpError(503, { message: "Too many open demo pages", code: 0 });
    }
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write(`retry: 1000\nevent: change\ndata: ${revision}\n\n`);
    streams.add(res);
    const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), KEEPALIVE_MS);
    const close = () => {
      clearInterval(keepAlive);
      streams.delete(res);
    };
    req.once("close", close);
    res.once("close", close);
  }

  async function serveFile(res: ServerResponse, asset: { file: string; type: string }) {
    let data = files.get(asset.file);
    if (!data) {
      data = await readFile(path.join(clientDir, asset.file));
      files.set(asset.file, data);
    }
    res.writeHead(200, {
      "content-type": asset.type,
      "content-length": data.length,
      "cache-control": "no-store",
      "content-security-policy": PAGE_CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
    });
    res.end(data);
  }

  /** Answers the demo's paths; false for any other path. */
  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
  ): Promise<boolean> {
    const asset = STATIC_FILES[url.pathname];
    const route = `${method} ${url.pathname}`;
    const isDemo = asset !== undefined || url.pathname.startsWith("/demo/");
    if (!isDemo) return false;
    guard(req, method);
    if (asset && method === "GET") {
      await serveFile(res, asset);
      return true;
    }
    switch (route) {
      case "GET /demo/world":
        sendJson(res, 200, worldView());
        return true;
      case "GET /demo/messages":
        sendJson(res, 200, messagesFor(url.searchParams));
        return true;
      case "GET /demo/events":
        openEvents(req, res);
        return true;
      case "POST /demo/commands":
        sendJson(res, 200, await sendCommand(await jsonBody(req)));
        return true;
      case "POST /demo/autocomplete":
        sendJson(res, 200, await autocomplete(await jsonBody(req)));
        return true;
      case "POST /demo/components":
        sendJson(res, 200, await clickComponent(await jsonBody(req)));
        return true;
      default:
        throw new HttpError(404, { message: `404: Not Found (${route})`, code: 0 });
    }
  }

  return { handle };
}

/** The stand-in's checks (unknown command, missing option...) are the person's mistakes: 400. */
function asUserError<T>(send: () => T): T {
  try {
    return send();
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : String(error));
  }
}

/** Discord only delivers clicks on components the message has, enabled, with values it offers. */
function checkComponent(message: Json, customId: string, values: string[] | undefined) {
  const component = findComponent(message, customId);
  if (!component) throw badRequest(`The message has no component ${customId}`);
  if (component.disabled === true) throw badRequest(`${customId} is disabled`);
  const isSelect = component.type !== 2;
  if (isSelect !== (values !== undefined)) {
    throw badRequest(isSelect ? `${customId} is a select menu: send values` : `${customId} is a button`);
  }
  if (!values) return;
  const min = Number(component.min_values ?? 1);
  const max = Number(component.max_values ?? 1);
  if (values.length < min || values.length > max) {
    throw badRequest(`${customId} takes ${min} to ${max} value(s), not ${values.length}`);
  }
  if (component.type === 3) {
    const offered = new Set(((component.options ?? []) as Json[]).map((o) => String(o.value)));
    const unknown = values.filter((v) => !offered.has(v));
    if (unknown.length) throw badRequest(`${customId} offers no ${unknown.join(", ")}`);
  }
}
