import type { Server as HttpServer, IncomingMessage } from "node:http";
import { type SessionEndedEvent, sessionEvents } from "@clustercord/contracts";
import { defaultLogger, type Logger } from "@clustercord/telemetry";
import { Server, type Socket } from "socket.io";
import { bufferedBytes } from "./buffered-bytes";
import { type ConnectionLimits, connectionCounter, DEFAULT_CONNECTION_LIMITS } from "./connection-limits";
import { type RealtimeRedis, redisAdapter } from "./redis-adapter";

export { bufferedBytes } from "./buffered-bytes";
export { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from "./connection-limits";
export type { RealtimeRedis } from "./redis-adapter";

export interface RealtimeActor {
  userId: string;
  /** Identifies the browser session, so signing out can close its sockets at once. */
  sessionKey: string;
}

export interface Realtime {
  io: Server;
  /**
   * Tells every socket opened under a session that it ended, then disconnects
   * them (on sign-out): on every web process when they share Redis.
   */
  closeSession(sessionKey: string): void;
  /** Resolves once sign-outs and broadcasts from other web processes are heard (at once without Redis). */
  ready: Promise<void>;
  /** Bytes held for an open socket (by id) that its client has not taken yet; 0 when it is gone. */
  bufferedBytes(socketId: string): number;
  close(): Promise<void>;
}

export interface RealtimeOptions {
  /** Exact origins allowed to open a socket (e.g. http://127.0.0.1:3000). */
  allowedOrigins: readonly string[];
  /** Resolves the person behind a handshake (cookie session), or null. */
  authenticate(req: IncomingMessage): Promise<RealtimeActor | null>;
  /** How often an open socket's session is checked again (default 3 s, well inside the 5 s promise). */
  recheckMs?: number;
  /** Open sockets per browser session and per person (default DEFAULT_CONNECTION_LIMITS). */
  limits?: Partial<ConnectionLimits>;
  /**
   * Called for each authenticated socket, to register its event handlers
   * (e.g. log and exec streams). Whatever a handler opens must end on the
   * socket's 'disconnect', which every session check above ends in.
   */
  onSocket?: (socket: StreamSocket) => void;
  /**
   * Queue mode (several web processes): socket.io's Redis adapter, so a
   * sign-out or a broadcast on one process reaches sockets on all of them.
   */
  redis?: RealtimeRedis | undefined;
  /** Where Redis trouble is said (default: the process's default logger). */
  log?: Logger;
}

/** The part of a socket.io socket that stream handlers use. */
export interface StreamSocket {
  readonly id: string;
  /** The handshake request (its cookie names the session). */
  readonly request: IncomingMessage;
  readonly connected: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(close?: boolean): unknown;
  /** Bytes this server holds for the socket that the client has not taken yet (see bufferedBytes). */
  bufferedBytes(): number;
}

const asStreamSocket = (socket: Socket): StreamSocket => ({
  id: socket.id,
  request: socket.request,
  get connected() {
    return socket.connected;
  },
  on: (event, listener) => socket.on(event, listener),
  emit: (event, ...args) => socket.emit(event, ...args),
  disconnect: (close) => socket.disconnect(close),
  bufferedBytes: () => bufferedBytes(socket),
});

/**
 * socket.io on an existing http.Server. A handshake from a foreign Origin is
 * refused before any upgrade; a connection needs a live session, which is
 * checked again while open: signing out closes its sockets at once (on every
 * web process sharing `redis`), and an
 * expired or deleted session is noticed within `recheckMs`. A session and a
 * person may hold a bounded number of sockets; one more is refused with a
 * message saying so (`connect_error`).
 */
export function attachRealtime(server: HttpServer, options: RealtimeOptions): Realtime {
  const allowed = new Set(options.allowedOrigins);
  const io = new Server(server, {
    path: "/socket.io",
    serveClient: false,
    cors: { origin: [...allowed], credentials: true },
    maxHttpBufferSize: 1024 * 1024,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, typeof origin === "string" && allowed.has(origin));
    },
  });
  const shared = options.redis ? redisAdapter(options.redis, options.log ?? defaultLogger()) : null;
  if (shared) io.adapter(shared.adapter);
  const connections = connectionCounter({ ...DEFAULT_CONNECTION_LIMITS, ...options.limits });

  io.use(async (socket, next) => {
    let actor: RealtimeActor | null;
    try {
      actor = await options.authenticate(socket.request);
    } catch {
      actor = null;
    }
    if (!actor) return next(new Error("unauthorized"));
    // From here on synchronous: the check and the count are one step.
    if (socket.conn.readyState !== "open") return next(new Error("disconnected"));
    const reserved = connections.reserve(actor);
    if ("refused" in reserved) return next(new Error(reserved.refused));
    // Whichever comes first: the socket's disconnect, or its connection closing before it connected.
    socket.once("disconnect", reserved.release);
    socket.conn.once("close", reserved.release);
    socket.data.actor = actor;
    next();
  });

  const recheckMs = options.recheckMs ?? 3_000;
  io.on("connection", (socket: Socket) => {
    socket.join(`session:${socket.data.actor.sessionKey}`);
    const timer = setInterval(async () => {
      const actor = await options.authenticate(socket.request).catch(() => null);
      if (!actor || actor.userId !== socket.data.actor.userId) socket.disconnect(true);
    }, recheckMs);
    timer.unref();
    socket.on("disconnect", () => clearInterval(timer));
    socket.on("session:whoami", (ack: unknown) => {
      if (typeof ack === "function") ack({ userId: socket.data.actor.userId });
    });
    options.onSocket?.(asStreamSocket(socket));
  });

  return {
    io,
    closeSession: (sessionKey) => {
      const session = io.in(`session:${sessionKey}`);
      // One publisher, one subscriber per process: the notice arrives before the disconnect.
      session.emit(sessionEvents.ended, { reason: "signed-out" } satisfies SessionEndedEvent);
      session.disconnectSockets(true);
    },
    ready: shared ? shared.subscribed() : Promise.resolve(),
    bufferedBytes: (socketId) => {
      const socket = io.sockets.sockets.get(socketId);
      return socket ? bufferedBytes(socket) : 0;
    },
    close: async () => {
      await io.close();
      shared?.close();
    },
  };
}
