import { z } from "zod";
import { collectOutput } from "../leak-check";
import { discordError, type UploadedFile, validate } from "./http";
import { snowflake } from "./snowflake";
import type { Json, World } from "./world";

export const EPHEMERAL = 1 << 6;
/** Set on a deferred reply's placeholder until the bot edits it. */
export const LOADING = 1 << 7;

/** Discord's embed limits; a payload over them is refused as real Discord would. */
const Embed = z.looseObject({
  title: z.string().max(256).optional(),
  description: z.string().max(4096).optional(),
  url: z.string().optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  color: z.number().int().min(0).max(0xffffff).nullish(),
  footer: z.looseObject({ text: z.string().max(2048) }).optional(),
  author: z.looseObject({ name: z.string().max(256) }).optional(),
  fields: z
    .array(
      z.looseObject({
        name: z.string().min(1).max(256),
        value: z.string().min(1).max(1024),
        inline: z.boolean().optional(),
      }),
    )
    .max(25)
    .optional(),
});
export type EmbedJson = z.infer<typeof Embed>;

const embedLength = (e: EmbedJson) =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.author?.name.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

export const MessageBody = z.looseObject({
  content: z.string().max(2000).nullish(),
  embeds: z
    .array(Embed)
    .max(10)
    .nullish()
    .refine((embeds) => (embeds ?? []).reduce((n, e) => n + embedLength(e), 0) <= 6000, {
      message: "Embed size exceeds maximum size of 6000",
    }),
  components: z.array(z.looseObject({ type: z.number().int() })).nullish(),
  flags: z.number().int().nullish(),
  /** Which mentions may ping; recorded so tests can see what the bot asked for. */
  allowed_mentions: z.looseObject({ parse: z.array(z.string()).optional() }).nullish(),
  /** Existing attachments to keep (string ids) and metadata for new uploads (file index). */
  attachments: z
    .array(z.looseObject({ id: z.union([z.string(), z.number()]), description: z.string().nullish() }))
    .nullish(),
});
export type MessageBody = z.infer<typeof MessageBody>;

export interface RecordedAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
  /** The file's text, when it is text. */
  content?: string;
  url: string;
}

/** What a person would see of a message: the reply a test asserts on. */
export interface ReplyPayload {
  /** The interaction callback type the bot answered with (4 reply, 5 deferred, 7 update...). */
  callbackType?: number;
  id?: string;
  content?: string;
  embeds?: EmbedJson[];
  components?: Json[];
  flags?: number;
  attachments?: RecordedAttachment[];
  /** Set when the bot answered with a modal (callback type 9). */
  modal?: Json;
  /** The `allowed_mentions` of the payload that last set the message's content (absent: none sent). */
  allowedMentions?: Json | null;
}

export type ChannelInfo =
  | { kind: "guild"; guildId: string; channelId: string }
  | { kind: "dm"; userId: string; channelId: string };

interface StoredFile {
  data: Buffer;
  contentType: string | null;
  filename: string;
}

interface Stored {
  message: Json;
  channelId: string;
  /** "channel": sent with POST /channels/:id/messages; the rest belong to interactions. */
  source: "channel" | "interaction";
  files: Map<string, StoredFile>;
  /** Discord does not echo allowed_mentions; the stand-in keeps the last one sent. */
  allowedMentions?: Json | null;
}

const textDecoder = new TextDecoder("utf-8", { fatal: true });

function asText(data: Buffer, contentType: string | null): string | undefined {
  const type = contentType?.split(";")[0]?.trim() ?? "";
  const declaredBinary = type !== "" && !type.startsWith("text/") && !/json|xml|yaml|csv/.test(type);
  if (declaredBinary && type !== "application/octet-stream") return undefined;
  try {
    const text = textDecoder.decode(data);
    return hasControlCharacters(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Control characters other than tab, newline and carriage return mean binary. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

/** Messages the bot created (channel messages and interaction replies), DM channels and files. */
export class MessageStore {
  private readonly messages = new Map<string, Stored>();
  private readonly dmByUser = new Map<string, string>();
  private readonly userByDm = new Map<string, string>();
  /** Files users attached to slash commands (they belong to no message). */
  private readonly uploads = new Map<string, StoredFile>();
  /** Told after every create, edit and delete (the demo page's live updates). */
  private readonly watchers = new Set<() => void>();

  constructor(
    private readonly world: World,
    /** Known once the server listens; attachment URLs point back at it. */
    private readonly baseUrl: () => string,
  ) {}

  /** The DM channel between the bot and a user (created on first use, like Discord). */
  dmChannel(userId: string): string {
    let id = this.dmByUser.get(userId);
    if (!id) {
      id = snowflake();
      this.dmByUser.set(userId, id);
      this.userByDm.set(id, userId);
    }
    return id;
  }

  /** The DM channel's id if the bot ever opened one with this user. */
  existingDmChannel(userId: string): string | undefined {
    return this.dmByUser.get(userId);
  }

  channelInfo(channelId: string): ChannelInfo | undefined {
    const dmUser = this.userByDm.get(channelId);
    if (dmUser) return { kind: "dm", userId: dmUser, channelId };
    const found = this.world.channel(channelId);
    return found ? { kind: "guild", guildId: found.guild.id, channelId } : undefined;
  }

  apiDmChannel(userId: string): Json {
    const user = this.world.user(userId);
    return {
      id: this.dmChannel(userId),
      type: 1,
      last_message_id: null,
      flags: 0,
      recipients: user ? [this.world.apiUser(user)] : [],
    };
  }

  get(id: string): Json | undefined {
    return this.messages.get(id)?.message;
  }

  delete(id: string): boolean {
    const deleted = this.messages.delete(id);
    if (deleted) this.changed();
    return deleted;
  }

  /** Calls `listener` after every change to any message; answers the unsubscribe. */
  watch(listener: () => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  private changed() {
    for (const listener of [...this.watchers]) listener();
  }

  create(options: {
    channelId: string;
    body: MessageBody;
    files: UploadedFile[];
    source: Stored["source"];
    /** Message fields beyond the payload (type, interaction metadata, webhook id). */
    extra?: Json;
    /** Deferred placeholders may be empty; real messages may not. */
    allowEmpty?: boolean;
  }): Json {
    const id = snowflake();
    const info = this.channelInfo(options.channelId);
    const stored: Stored = {
      channelId: options.channelId,
      source: options.source,
      files: new Map(),
      message: {
        id,
        type: 0,
        channel_id: options.channelId,
        ...(info?.kind === "guild" ? { guild_id: info.guildId } : {}),
        author: this.world.botUser(),
        content: "",
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        mention_channels: [],
        attachments: [],
        embeds: [],
        reactions: [],
        pinned: false,
        flags: 0,
        components: [],
        ...options.extra,
      },
    };
    this.apply(stored, options.body, options.files, { isEdit: false });
    if (!options.allowEmpty && isEmpty(stored.message)) {
      throw discordError(400, "Cannot send an empty message", 50006);
    }
    this.messages.set(id, stored);
    this.changed();
    return stored.message;
  }

  edit(id: string, body: MessageBody, files: UploadedFile[]): Json {
    const stored = this.messages.get(id);
    if (!stored) throw discordError(404, "Unknown Message", 10008);
    this.apply(stored, body, files, { isEdit: true });
    stored.message.edited_timestamp = new Date().toISOString();
    this.changed();
    return stored.message;
  }

  /** Messages sent to a channel with POST /channels/:id/messages, oldest first. */
  sentTo(channelId: string): Json[] {
    return [...this.messages.values()]
      .filter((m) => m.channelId === channelId && m.source === "channel")
      .map((m) => m.message);
  }

  /** Every message in a channel (channel messages and interaction replies), oldest first. */
  inChannel(channelId: string): Json[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId).map((m) => m.message);
  }

  /** Stores a file a user attached to a command; answers the attachment object Discord resolves it to. */
  upload(channelId: string, file: StoredFile): Json {
    const id = snowflake();
    this.uploads.set(id, file);
    const url = this.fileUrl(channelId, id, file.filename);
    return {
      id,
      filename: file.filename,
      size: file.data.length,
      url,
      proxy_url: url,
      ...(file.contentType ? { content_type: file.contentType } : {}),
      // Discord keeps command attachments only briefly, and says so.
      ephemeral: true,
    };
  }

  file(attachmentId: string): StoredFile | undefined {
    const upload = this.uploads.get(attachmentId);
    if (upload) return upload;
    for (const stored of this.messages.values()) {
      const file = stored.files.get(attachmentId);
      if (file) return file;
    }
    return undefined;
  }

  /** The reply view of a message, with attachments' text decoded. */
  toReply(message: Json): ReplyPayload {
    const attachments = (message.attachments as Json[]).map((a): RecordedAttachment => {
      const file = this.file(String(a.id));
      const content = file ? asText(file.data, file.contentType) : undefined;
      return {
        id: String(a.id),
        filename: String(a.filename),
        size: Number(a.size),
        contentType: (a.content_type as string | undefined) ?? null,
        ...(content === undefined ? {} : { content }),
        url: String(a.url),
      };
    });
    const stored = this.messages.get(String(message.id));
    return {
      id: message.id as string,
      ...(stored?.allowedMentions === undefined ? {} : { allowedMentions: stored.allowedMentions }),
      content: message.content as string,
      embeds: message.embeds as EmbedJson[],
      components: message.components as Json[],
      flags: message.flags as number,
      attachments,
    };
  }

  /** Like Discord's CDN URL; the stand-in's own HTTP server serves it. */
  private fileUrl(channelId: string, id: string, filename: string): string {
    return `${this.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
  }

  private apply(stored: Stored, body: MessageBody, files: UploadedFile[], { isEdit }: { isEdit: boolean }) {
    const m = stored.message;
    if (body.content !== undefined || body.embeds !== undefined || body.components !== undefined) {
      stored.allowedMentions = body.allowed_mentions as Json | null | undefined;
    }
    if (body.content !== undefined) m.content = body.content ?? "";
    if (body.embeds !== undefined) m.embeds = body.embeds ?? [];
    if (body.components !== undefined) m.components = body.components ?? [];
    if (body.flags !== undefined && body.flags !== null) {
      // Ephemerality is fixed when a message is created; edits cannot change it.
      const keep = isEdit ? (m.flags as number) & EPHEMERAL : 0;
      m.flags = keep | (isEdit ? body.flags & ~EPHEMERAL : body.flags);
    }
    const existing = m.attachments as Json[];
    let kept = existing;
    if (body.attachments) {
      const keepIds = new Set(body.attachments.map((a) => String(a.id)));
      kept = existing.filter((a) => keepIds.has(String(a.id)));
    }
    const added = files.map((file) => {
      const index = /^files\[(\d+)\]$/.exec(file.field)?.[1] ?? file.field;
      const meta = body.attachments?.find((a) => String(a.id) === index);
      const id = snowflake();
      const filename = typeof meta?.filename === "string" ? meta.filename : file.filename;
      stored.files.set(id, { data: file.data, contentType: file.contentType, filename });
      const url = this.fileUrl(stored.channelId, id, filename);
      return {
        id,
        filename,
        size: file.data.length,
        url,
        proxy_url: url,
        content_type: file.contentType ?? undefined,
        description: meta?.description ?? undefined,
      };
    });
    for (const a of existing) {
      if (!kept.includes(a)) stored.files.delete(String(a.id));
    }
    m.attachments = [...kept, ...added];
  }
}

function isEmpty(message: Json): boolean {
  return (
    !message.content &&
    !(message.embeds as unknown[]).length &&
    !(message.attachments as unknown[]).length &&
    !(message.components as unknown[]).length
  );
}

/** Validates a message body (JSON or multipart `payload_json`); what the bot says joins the leak check. */
export const parseMessageBody = (json: unknown) => {
  collectOutput("discord message", JSON.stringify(json ?? {}));
  return validate(MessageBody, json ?? {});
};
