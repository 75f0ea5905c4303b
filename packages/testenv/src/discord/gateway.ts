import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { snowflake } from "./snowflake";
import type { Json, World } from "./world";

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

const Close = { UnknownOpcode: 4001, DecodeError: 4002, NotAuthenticated: 4003, AuthFailed: 4004 } as const;

export const HEARTBEAT_INTERVAL_MS = 41_250;

interface Session {
  id: string;
  seq: number;
  socket: WebSocket | null;
}

/**
 * The bot gateway (API v10, JSON encoding, no compression): HELLO, heartbeats,
 * IDENTIFY -> READY + one GUILD_CREATE per installed guild, RESUME, member
 * chunks, and dispatches such as INTERACTION_CREATE to the latest session.
 */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  /** Sessions in the order they identified; interactions go to the newest live one. */
  private readonly order: Session[] = [];

  constructor(
    private readonly world: World,
    private readonly gatewayUrl: () => string,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(req.url ?? "/", "ws://stand-in").searchParams;
    if (query.get("encoding") && query.get("encoding") !== "json") {
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\nonly encoding=json is supported\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, query.has("compress")));
  }

  /** Whether a bot session is identified and connected. */
  connected(): boolean {
    return this.liveSession() !== undefined;
  }

  /** Sends a dispatch to the newest live session; throws when no bot is connected. */
  dispatchToBot(event: string, data: Json): void {
    const session = this.liveSession();
    if (!session?.socket) {
      throw new Error(
        `No bot is connected to the Discord stand-in's gateway, so ${event} cannot be delivered. ` +
          "Start the bot (and wait for it to be ready) first.",
      );
    }
    this.send(session, event, data);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private liveSession(): Session | undefined {
    return this.order.findLast((s) => s.socket?.readyState === 1);
  }

  private accept(ws: WebSocket, compressRequested: boolean) {
    if (compressRequested) {
      // zlib-stream is not implemented; say so instead of sending garbage.
      ws.close(Close.DecodeError, "compress is not supported by the stand-in");
      return;
    }
    let session: Session | null = null;
    const raw = (payload: Json) => ws.send(JSON.stringify(payload));
    raw({ op: Op.Hello, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS }, s: null, t: null });

    ws.on("message", (data: RawData, isBinary: boolean) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        if (isBinary) throw new Error("binary");
        payload = JSON.parse(data.toString());
      } catch {
        ws.close(Close.DecodeError, "Error while decoding payload.");
        return;
      }
      const d = (payload.d ?? {}) as Json;
      switch (payload.op) {
        case Op.Heartbeat:
          raw({ op: Op.HeartbeatAck, d: null, s: null, t: null });
          return;
        case Op.Identify: {
          if (d.token !== this.world.fixture.bot.token) {
            ws.close(Close.AuthFailed, "Authentication failed.");
            return;
          }
          session = { id: snowflake(), seq: 0, socket: ws };
          this.sessions.set(session.id, session);
          this.order.push(session);
          this.ready(session);
          return;
        }
        case Op.Resume: {
          const old = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
          if (d.token !== this.world.fixture.bot.token || !old) {
            raw({ op: Op.InvalidSession, d: false, s: null, t: null });
            return;
          }
          old.socket = ws;
          session = old;
          this.send(old, "RESUMED", {});
          return;
        }
        case Op.RequestGuildMembers:
          if (!session) return ws.close(Close.NotAuthenticated, "Not authenticated.");
          this.memberChunk(session, d);
          return;
        case Op.PresenceUpdate:
        case Op.VoiceStateUpdate:
          if (!session) ws.close(Close.NotAuthenticated, "Not authenticated.");
          return;
        default:
          ws.close(Close.UnknownOpcode, "Unknown opcode.");
      }
    });
    ws.on("close", () => {
      if (session?.socket === ws) session.socket = null;
    });
  }

  private send(session: Session, event: string, data: Json) {
    session.seq += 1;
    session.socket?.send(JSON.stringify({ op: Op.Dispatch, t: event, s: session.seq, d: data }));
  }

  private ready(session: Session) {
    const guilds = this.world.installedGuilds();
    this.send(session, "READY", {
      v: 10,
      user: this.world.botUser(),
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.gatewayUrl(),
      shard: [0, 1],
      application: { id: this.world.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      geo_ordered_rtc_regions: [],
      guild_join_requests: [],
      auth: {},
    });
    for (const guild of guilds) this.send(session, "GUILD_CREATE", this.world.gatewayGuild(guild));
  }

  /** op 8: answers with one GUILD_MEMBERS_CHUNK (fixture guilds are small). */
  private memberChunk(session: Session, d: Json) {
    const guild = typeof d.guild_id === "string" ? this.world.installedGuild(d.guild_id) : undefined;
    if (!guild) return;
    const ids = Array.isArray(d.user_ids) ? d.user_ids.map(String) : null;
    const query = typeof d.query === "string" ? d.query.toLowerCase() : "";
    const limit = typeof d.limit === "number" && d.limit > 0 ? d.limit : Number.POSITIVE_INFINITY;
    const members = guild.members
      .filter((m) => (ids ? ids.includes(m.userId) : true))
      .filter((m) => this.world.user(m.userId)?.username.startsWith(query))
      .slice(0, limit)
      .flatMap((m): Json[] => {
        const member = this.world.apiMember(guild, m.userId);
        return member ? [member] : [];
      });
    const notFound = ids ? ids.filter((id) => !members.some((m) => (m.user as Json).id === id)) : [];
    this.send(session, "GUILD_MEMBERS_CHUNK", {
      guild_id: guild.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      ...(notFound.length ? { not_found: notFound } : {}),
      ...(d.nonce ? { nonce: d.nonce } : {}),
    });
  }
}
