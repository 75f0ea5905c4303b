import { z } from "zod";
import {
  ATTACHMENT,
  type CommandRegistry,
  type RegisteredCommand,
  SUBCOMMAND,
  SUBCOMMAND_GROUP,
} from "./commands";
import { discordError, type UploadedFile, validate } from "./http";
import { EPHEMERAL, LOADING, type MessageStore, parseMessageBody, type ReplyPayload } from "./messages";
import { secretToken, snowflake } from "./snowflake";
import { BOT_PERMISSIONS, type Json, type World } from "./world";

/** A file a user attaches to an attachment option (type 11). */
export interface AttachmentFile {
  filename: string;
  /** Omitted: Discord sends no content_type, and the file is served as application/octet-stream. */
  contentType?: string;
  /** A string is sent as UTF-8. */
  data: Buffer | Uint8Array | string;
}

export type CommandOption =
  | { name: string; type: number; value: string | number | boolean }
  | { name: string; type: typeof ATTACHMENT; file: AttachmentFile };

export interface SendCommandOptions {
  userId: string;
  /** The guild the command is typed in; null for the user's DM with the bot. */
  guildId: string | null;
  name: string;
  /** The subcommand, e.g. "add" for `/cluster add`; required when the command has subcommands. */
  subcommand?: string;
  /** The subcommand's group, e.g. "config" for `/cluster config set`. */
  group?: string;
  /** The options typed (the subcommand's own when `subcommand` is set). */
  options?: CommandOption[];
  /** Defaults to the guild's first text channel (or the DM channel). */
  channelId?: string;
}

export interface SendAutocompleteOptions {
  userId: string;
  guildId: string | null;
  name: string;
  subcommand?: string;
  group?: string;
  /** Options already typed (required ones may still be missing, as in Discord's client). */
  options?: CommandOption[];
  /** The option being typed (its definition must have `autocomplete: true`) and its text so far. */
  focused: { name: string; value: string };
  channelId?: string;
}

/** A choice the bot offered (APPLICATION_COMMAND_AUTOCOMPLETE_RESULT). */
export interface AutocompleteChoice {
  name: string;
  value: string | number;
}

export interface AutocompleteHandle {
  id: string;
  /** The choices the bot answered with (callback type 8); rejects after `timeoutMs` (default 10 s). */
  choices(timeoutMs?: number): Promise<AutocompleteChoice[]>;
}

export interface SendComponentOptions {
  userId: string;
  guildId: string | null;
  customId: string;
  /** The bot message carrying the button; a placeholder message is made up when omitted. */
  messageId?: string;
  channelId?: string;
  /** The options picked in a select menu (then `customId` is the menu's); omitted for a button. */
  values?: string[];
}

export interface InteractionHandle {
  id: string;
  token: string;
  /**
   * The reply a person would see: the callback's message (type 4/7), or after a
   * deferral (type 5/6) the edited original or the first follow-up. Rejects
   * after `timeoutMs` (default 10 s) saying what the bot did and did not do.
   */
  reply(timeoutMs?: number): Promise<ReplyPayload>;
  followUps(): ReplyPayload[];
}

/** What Discord lets a user attach (the payload's attachment_size_limit). */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4 } as const;
const Callback = {
  Reply: 4,
  DeferredReply: 5,
  DeferredUpdate: 6,
  Update: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

/** Discord's limits on an autocomplete answer: up to 25 choices, names and string values 1-100 characters. */
const AutocompleteData = z.object({
  choices: z
    .array(
      z.looseObject({
        name: z.string().min(1).max(100),
        value: z.union([z.string().max(100), z.number()]),
      }),
    )
    .max(25),
});

const CallbackBody = z.object({
  type: z.union(Object.values(Callback).map((t) => z.literal(t))),
  data: z.looseObject({}).optional(),
});

interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  /** "/whoami" or "button audit:next", for error messages. */
  label: string;
  userId: string;
  channelId: string;
  /** The message a component was clicked on. */
  componentMessageId: string | null;
  callbackType: number | null;
  modal: Json | null;
  /** An autocomplete interaction's answer (callback type 8). */
  choices: AutocompleteChoice[] | null;
  originalId: string | null;
  /** A deferred original counts as the reply only once edited. */
  originalEdited: boolean;
  originalDeleted: boolean;
  followUpIds: string[];
  listeners: Set<() => void>;
}

/** What the gateway does with a new interaction (delivers it to the connected bot). */
export type DeliverInteraction = (payload: Json) => void;

/** Interactions users start, and the bot's callbacks and webhook edits that answer them. */
export class Interactions {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();

  constructor(
    private readonly world: World,
    private readonly messages: MessageStore,
    private readonly commands: CommandRegistry,
    private readonly deliver: DeliverInteraction,
  ) {}

  sendCommand(opts: SendCommandOptions): InteractionHandle {
    const command = this.commands.find(opts.name, opts.guildId);
    if (!command) {
      const where = opts.guildId ? `globally or in guild ${opts.guildId}` : "globally";
      const known = this.commands.all().map((c) => c.name);
      throw new Error(
        `No slash command /${opts.name} is registered ${where} (registered: ${known.join(", ") || "none"}). ` +
          "Discord only offers commands the bot registered.",
      );
    }
    const { label, options: given } = checkOptions(command, opts);
    const context = this.context(opts.userId, opts.guildId, opts.channelId);
    // Uploaded like Discord's client does before sending: the option carries the id, `resolved` the file.
    const attachments: Record<string, Json> = {};
    let options: Json[] = given.map((option) => {
      if (!("file" in option)) return { name: option.name, type: option.type, value: option.value };
      const { filename, contentType, data } = option.file;
      const attachment = this.messages.upload(context.channelId, {
        filename,
        contentType: contentType ?? null,
        data: Buffer.from(data),
      });
      attachments[String(attachment.id)] = attachment;
      return { name: option.name, type: ATTACHMENT, value: attachment.id };
    });
    if (opts.subcommand) options = [{ name: opts.subcommand, type: SUBCOMMAND, options }];
    if (opts.group) options = [{ name: opts.group, type: SUBCOMMAND_GROUP, options }];
    const record = this.record(InteractionType.ApplicationCommand, label, opts.userId, context);
    this.deliver({
      ...this.basePayload(record, context),
      data: {
        id: command.id,
        name: command.name,
        type: 1,
        ...(options.length ? { options } : {}),
        ...(Object.keys(attachments).length ? { resolved: { attachments } } : {}),
        ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      },
    });
    return this.handle(record);
  }

  /**
   * A user types into an option with autocomplete: Discord sends an
   * APPLICATION_COMMAND_AUTOCOMPLETE interaction (type 4) with the options so
   * far, the typed one marked `focused` (its value is the text as typed).
   */
  sendAutocomplete(opts: SendAutocompleteOptions): AutocompleteHandle {
    const command = this.commands.find(opts.name, opts.guildId);
    if (!command) throw new Error(`No slash command /${opts.name} is registered for guild ${opts.guildId}`);
    const { label, options: given, focusedType } = checkOptions(command, opts, opts.focused.name);
    const context = this.context(opts.userId, opts.guildId, opts.channelId);
    let options: Json[] = [
      ...given.map((option) => {
        if ("file" in option) throw new Error(`${label}: attachments are not sent with autocomplete`);
        return { name: option.name, type: option.type, value: option.value };
      }),
      { name: opts.focused.name, type: focusedType, value: opts.focused.value, focused: true },
    ];
    if (opts.subcommand) options = [{ name: opts.subcommand, type: SUBCOMMAND, options }];
    if (opts.group) options = [{ name: opts.group, type: SUBCOMMAND_GROUP, options }];
    const record = this.record(
      InteractionType.Autocomplete,
      `autocomplete ${label} ${opts.focused.name}`,
      opts.userId,
      context,
    );
    this.deliver({
      ...this.basePayload(record, context),
      data: {
        id: command.id,
        name: command.name,
        type: 1,
        options,
        ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      },
    });
    return {
      id: record.id,
      choices: (timeoutMs = 10_000) =>
        new Promise<AutocompleteChoice[]>((resolve, reject) => {
          const check = () => {
            if (!record.choices) return;
            cleanup();
            resolve(record.choices);
          };
          const timer = setTimeout(() => {
            cleanup();
            reject(
              new Error(
                `Timed out after ${timeoutMs} ms waiting for the bot's autocomplete answer to ${record.label}: ` +
                  (record.callbackType === null
                    ? "no interaction callback arrived"
                    : `the bot answered with callback type ${record.callbackType}`),
              ),
            );
          }, timeoutMs);
          const cleanup = () => {
            clearTimeout(timer);
            record.listeners.delete(check);
          };
          record.listeners.add(check);
          check();
        }),
    };
  }

  sendComponent(opts: SendComponentOptions): InteractionHandle {
    const context = this.context(opts.userId, opts.guildId, opts.channelId);
    let message: Json | undefined;
    if (opts.messageId) {
      message = this.messages.get(opts.messageId);
      if (!message) throw new Error(`No bot message ${opts.messageId} to click a button on`);
    } else {
      // A stand-in for a message the bot sent earlier, carrying the button.
      message = this.messages.create({
        channelId: context.channelId,
        source: "interaction",
        files: [],
        body: {
          content: "",
          components: [
            { type: 1, components: [{ type: 2, style: 1, label: opts.customId, custom_id: opts.customId }] },
          ],
        },
      });
    }
    // A select menu's type (string, user, role...) is the one on the message; a made-up message has buttons.
    const componentType = opts.values
      ? (findComponent(message, opts.customId)?.type ?? STRING_SELECT)
      : BUTTON;
    const kind = opts.values ? "select" : "button";
    const record = this.record(InteractionType.MessageComponent, `${kind} ${opts.customId}`, opts.userId, {
      ...context,
      channelId: String(message.channel_id),
    });
    record.componentMessageId = String(message.id);
    this.deliver({
      ...this.basePayload(record, { ...context, channelId: String(message.channel_id) }),
      data: {
        custom_id: opts.customId,
        component_type: componentType,
        ...(opts.values ? { values: opts.values } : {}),
      },
      message,
    });
    return this.handle(record);
  }

  /** "/cluster add" or "button audit-older:2" for an interaction this stand-in started. */
  label(id: string): string | undefined {
    return this.byId.get(id)?.label;
  }

  /** Whether the bot acknowledged the interaction (any callback) within `timeoutMs`. */
  acknowledged(id: string, timeoutMs: number): Promise<boolean> {
    const record = this.byId.get(id);
    if (!record) return Promise.resolve(false);
    return new Promise((resolve) => {
      const check = () => {
        if (record.callbackType === null) return;
        done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (answer: boolean) => {
        clearTimeout(timer);
        record.listeners.delete(check);
        resolve(answer);
      };
      record.listeners.add(check);
      check();
    });
  }

  /** POST /interactions/:id/:token/callback */
  callback(id: string, token: string, json: unknown, files: UploadedFile[], withResponse: boolean): Json {
    const record = this.byId.get(id);
    if (!record || record.token !== token) throw discordError(404, "Unknown interaction", 10062);
    if (record.callbackType !== null) {
      throw discordError(400, "Interaction has already been acknowledged.", 40060);
    }
    const body = validate(CallbackBody, json);
    const data = body.data ?? {};
    // Autocomplete interactions take only choices, and only they do (Discord: 400 "Interaction has invalid type").
    if ((record.type === InteractionType.Autocomplete) !== (body.type === Callback.AutocompleteResult)) {
      throw discordError(400, "Invalid interaction application command callback type", 50035);
    }
    switch (body.type) {
      case Callback.AutocompleteResult:
        record.choices = validate(AutocompleteData, data).choices.map((c) => ({
          name: c.name,
          value: c.value,
        }));
        break;
      case Callback.Reply:
      case Callback.DeferredReply: {
        const deferred = body.type === Callback.DeferredReply;
        const payload = deferred
          ? { flags: (Number(data.flags ?? 0) & EPHEMERAL) | LOADING }
          : parseMessageBody(data);
        const message = this.messages.create({
          channelId: record.channelId,
          source: "interaction",
          body: payload,
          files: deferred ? [] : files,
          allowEmpty: deferred,
          extra: this.responseFields(record),
        });
        record.originalId = String(message.id);
        break;
      }
      case Callback.DeferredUpdate:
      case Callback.Update: {
        if (!record.componentMessageId) {
          throw discordError(400, "This interaction type cannot update a message", 40060);
        }
        record.originalId = record.componentMessageId;
        if (body.type === Callback.Update) {
          this.messages.edit(record.originalId, parseMessageBody(data), files);
        }
        break;
      }
      case Callback.Modal:
        record.modal = data;
        break;
    }
    record.callbackType = body.type;
    this.changed(record);
    if (!withResponse) return {};
    const message = record.originalId ? this.messages.get(record.originalId) : undefined;
    return {
      interaction: {
        id: record.id,
        type: record.type,
        response_message_id: record.originalId,
        response_message_loading: body.type === Callback.DeferredReply,
        response_message_ephemeral: Boolean(Number(message?.flags ?? 0) & EPHEMERAL),
      },
      resource: { type: body.type, ...(message ? { message } : {}) },
    };
  }

  /** GET/PATCH/DELETE /webhooks/:appId/:token/messages/:messageId */
  webhookMessage(
    appId: string,
    token: string,
    messageId: string,
    method: "GET" | "PATCH" | "DELETE",
    json?: unknown,
    files: UploadedFile[] = [],
  ): Json | null {
    const record = this.webhook(appId, token);
    const isOriginal = messageId === "@original";
    const id = isOriginal ? record.originalId : messageId;
    const known = id !== null && (isOriginal ? !record.originalDeleted : record.followUpIds.includes(id));
    const message = known ? this.messages.get(id) : undefined;
    if (!id || !message) throw discordError(404, "Unknown Message", 10008);
    if (method === "GET") return message;
    if (method === "DELETE") {
      this.messages.delete(id);
      if (isOriginal) record.originalDeleted = true;
      else record.followUpIds = record.followUpIds.filter((f) => f !== id);
      this.changed(record);
      return null;
    }
    const body = parseMessageBody(json);
    if (isOriginal && record.callbackType === Callback.DeferredReply) {
      // The "thinking..." placeholder becomes the real reply.
      message.flags = Number(message.flags) & ~LOADING;
    }
    const edited = this.messages.edit(id, body, files);
    if (isOriginal) record.originalEdited = true;
    this.changed(record);
    return edited;
  }

  /** POST /webhooks/:appId/:token (a follow-up message). */
  followUp(appId: string, token: string, json: unknown, files: UploadedFile[]): Json {
    const record = this.webhook(appId, token);
    if (record.callbackType === null) throw discordError(404, "Unknown Webhook", 10015);
    const message = this.messages.create({
      channelId: record.channelId,
      source: "interaction",
      body: parseMessageBody(json),
      files,
      extra: this.responseFields(record),
    });
    record.followUpIds.push(String(message.id));
    this.changed(record);
    return message;
  }

  private webhook(appId: string, token: string): InteractionRecord {
    const record = this.byToken.get(token);
    if (!record || appId !== this.world.applicationId) throw discordError(404, "Unknown Webhook", 10015);
    return record;
  }

  private context(userId: string, guildId: string | null, channelId?: string) {
    const user = this.world.user(userId);
    if (!user) throw new Error(`No fixture user ${userId}`);
    if (guildId === null) {
      const dm = this.messages.dmChannel(userId);
      if (channelId && channelId !== dm)
        throw new Error(`Channel ${channelId} is not ${userId}'s DM with the bot`);
      return { user, guild: null, channelId: dm };
    }
    const guild = this.world.installedGuild(guildId);
    if (!guild) throw new Error(`The bot is not installed in guild ${guildId} (or it does not exist)`);
    if (!this.world.member(guild, userId))
      throw new Error(`User ${userId} is not a member of guild ${guildId}`);
    const channel = channelId ? guild.channels.find((c) => c.id === channelId) : guild.channels[0];
    if (!channel) throw new Error(`Guild ${guildId} has no text channel ${channelId ?? "at all"}`);
    return { user, guild, channelId: channel.id };
  }

  private record(
    type: number,
    label: string,
    userId: string,
    context: { channelId: string },
  ): InteractionRecord {
    const record: InteractionRecord = {
      id: snowflake(),
      token: `stand-in.${secretToken()}`,
      type,
      label,
      userId,
      channelId: context.channelId,
      componentMessageId: null,
      callbackType: null,
      modal: null,
      choices: null,
      originalId: null,
      originalEdited: false,
      originalDeleted: false,
      followUpIds: [],
      listeners: new Set(),
    };
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
    return record;
  }

  /** The fields every INTERACTION_CREATE carries, for a guild channel or a bot DM. */
  private basePayload(record: InteractionRecord, ctx: ReturnType<Interactions["context"]>): Json {
    const common = {
      id: record.id,
      application_id: this.world.applicationId,
      type: record.type,
      token: record.token,
      version: 1,
      app_permissions: BOT_PERMISSIONS,
      locale: "en-US",
      entitlements: [],
      attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
      channel_id: ctx.channelId,
    };
    if (!ctx.guild) {
      return {
        ...common,
        user: this.world.apiUser(ctx.user),
        channel: this.messages.apiDmChannel(ctx.user.id),
        authorizing_integration_owners: { "0": "0" },
        context: 1,
      };
    }
    const channel = ctx.guild.channels.find((c) => c.id === ctx.channelId);
    const permissions = String(this.world.permissions(ctx.guild, ctx.user.id));
    return {
      ...common,
      guild_id: ctx.guild.id,
      guild: { id: ctx.guild.id, locale: "en-US", features: [] },
      guild_locale: "en-US",
      channel: channel ? { ...this.world.apiChannel(ctx.guild, channel), permissions } : undefined,
      member: { ...this.world.apiMember(ctx.guild, ctx.user.id), permissions },
      authorizing_integration_owners: { "0": ctx.guild.id },
      context: 0,
    };
  }

  /** Fields of a message the bot sends through an interaction's webhook. */
  private responseFields(record: InteractionRecord): Json {
    const user = this.world.user(record.userId);
    return {
      type: record.type === InteractionType.ApplicationCommand ? 20 : 0,
      webhook_id: this.world.applicationId,
      application_id: this.world.applicationId,
      interaction_metadata: {
        id: record.id,
        type: record.type,
        user: user ? this.world.apiUser(user) : undefined,
        authorizing_integration_owners: {},
      },
    };
  }

  private changed(record: InteractionRecord) {
    for (const listener of [...record.listeners]) listener();
  }

  private visibleReply(record: InteractionRecord): ReplyPayload | null {
    const type = record.callbackType;
    if (type === null) return null;
    if (type === Callback.Modal) return { callbackType: type, modal: record.modal ?? {} };
    if (type === Callback.AutocompleteResult) return null;
    const deferred = type === Callback.DeferredReply || type === Callback.DeferredUpdate;
    const original =
      record.originalId && !record.originalDeleted && (!deferred || record.originalEdited)
        ? this.messages.get(record.originalId)
        : undefined;
    const firstFollowUp = record.followUpIds[0] ? this.messages.get(record.followUpIds[0]) : undefined;
    const shown = original ?? firstFollowUp;
    return shown ? { callbackType: type, ...this.messages.toReply(shown) } : null;
  }

  private describeWait(record: InteractionRecord): string {
    if (record.callbackType === null) {
      return "no interaction callback arrived (is the bot connected, and does it handle this interaction?)";
    }
    if (record.originalDeleted) return "the bot deleted its reply and sent no follow-up";
    return `the bot deferred (callback type ${record.callbackType}) but never edited @original or sent a follow-up`;
  }

  private handle(record: InteractionRecord): InteractionHandle {
    return {
      id: record.id,
      token: record.token,
      reply: (timeoutMs = 10_000) =>
        new Promise<ReplyPayload>((resolve, reject) => {
          const check = () => {
            const reply = this.visibleReply(record);
            if (!reply) return;
            cleanup();
            resolve(reply);
          };
          const timer = setTimeout(() => {
            cleanup();
            reject(
              new Error(
                `Timed out after ${timeoutMs} ms waiting for the bot's reply to ${record.label} ` +
                  `(interaction ${record.id}): ${this.describeWait(record)}`,
              ),
            );
          }, timeoutMs);
          const cleanup = () => {
            clearTimeout(timer);
            record.listeners.delete(check);
          };
          record.listeners.add(check);
          check();
        }),
      followUps: () =>
        record.followUpIds.flatMap((id) => {
          const message = this.messages.get(id);
          return message ? [this.messages.toReply(message)] : [];
        }),
    };
  }
}

const BUTTON = 2;
const STRING_SELECT = 3;

/** The component with this custom id in a message's action rows. */
export function findComponent(message: Json, customId: string): Json | undefined {
  const rows = (message.components ?? []) as Json[];
  return rows
    .flatMap((row) => (row.components ?? []) as Json[])
    .find((component) => component.custom_id === customId);
}

/**
 * Checks the subcommand and options against the registered definition, as
 * Discord's client would; answers the options to send and a "/cluster add" label.
 */
function checkOptions(
  command: RegisteredCommand,
  opts: Pick<SendCommandOptions, "subcommand" | "group" | "options">,
  /** For autocomplete: the option being typed (required options may be missing then). */
  focused?: string,
): { label: string; options: CommandOption[]; focusedType: number } {
  const top = command.options ?? [];
  let defined = top;
  let label = `/${command.name}`;
  // Every runnable "group sub" / "sub" path, for finding the one asked for and naming the others.
  const paths = top.flatMap((o) =>
    o.type === SUBCOMMAND_GROUP
      ? (o.options ?? []).map((sub) => ({ path: `${o.name} ${sub.name}`, sub }))
      : o.type === SUBCOMMAND
        ? [{ path: o.name, sub: o }]
        : [],
  );
  const asked = [opts.group, opts.subcommand].filter(Boolean).join(" ");
  if (paths.length) {
    const known = paths.map((p) => p.path).join(", ");
    if (!opts.subcommand) throw new Error(`/${command.name} needs a subcommand (one of: ${known})`);
    const found = paths.find((p) => p.path === asked);
    if (!found) throw new Error(`/${command.name} has no subcommand "${asked}" (subcommands: ${known})`);
    defined = found.sub.options ?? [];
    label = `/${command.name} ${asked}`;
  } else if (asked) {
    throw new Error(`/${command.name} has no subcommands (asked for "${asked}")`);
  }

  const options = opts.options ?? [];
  for (const [i, option] of options.entries()) {
    const def = defined.find((d) => d.name === option.name);
    if (!def) {
      const names = defined.map((d) => d.name).join(", ") || "none";
      throw new Error(`${label} has no option "${option.name}" (options: ${names})`);
    }
    if (def.type !== option.type) {
      throw new Error(`${label} option "${option.name}" has type ${def.type}, not ${option.type}`);
    }
    if (options.findIndex((o) => o.name === option.name) !== i) {
      throw new Error(`${label} option "${option.name}" is given twice`);
    }
    if (def.type === ATTACHMENT) {
      if (!("file" in option))
        throw new Error(`${label} option "${option.name}" is an attachment: pass { file }`);
      const size = Buffer.byteLength(option.file.data);
      if (size > ATTACHMENT_SIZE_LIMIT) {
        throw new Error(`${label} option "${option.name}": ${size} bytes is over Discord's upload limit`);
      }
    }
  }
  let focusedType = 0;
  if (focused !== undefined) {
    const def = defined.find((d) => d.name === focused);
    if (!def) throw new Error(`${label} has no option "${focused}" to autocomplete`);
    if (def.autocomplete !== true) {
      throw new Error(`${label} option "${focused}" has no autocomplete (Discord sends none for it)`);
    }
    if (options.some((o) => o.name === focused))
      throw new Error(`${label} option "${focused}" is given twice`);
    focusedType = def.type;
    return { label, options, focusedType };
  }
  const missing = defined.filter((d) => d.required && !options.some((o) => o.name === d.name));
  if (missing.length) {
    throw new Error(`${label} needs option(s) ${missing.map((d) => d.name).join(", ")}`);
  }
  return { label, options, focusedType };
}
