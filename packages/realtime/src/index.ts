import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server, type Socket } from "socket.io";

export interface RealtimeActor {
  userId: string;
  /** Identifies the browser session, so signing out can close its sockets at once. */
  sessionKey: string;
}

export interface Realtime {
  io: Server;
  /** Disconnects every socket opened under a session (on sign-out). */
  closeSession(sessionKey: string): void;
  close(): Promise<void>;
}

export interface RealtimeOptions {
  /** Exact origins allowed to open a socket (e.g. http://127.0.0.1:3000). */
  allowedOrigins: readonly string[];
  /** Resolves the person behind a handshake (cookie session), or null. */
  authenticate(req: IncomingMessage): Promise<RealtimeActor | null>;
  /** How often an open socket's session is checked again (default 3 s, well inside the 5 s promise). */
  recheckMs?: number;
  /**
   * Called for each authenticated socket, to register its event handlers
   * (e.g. log and exec streams). Whatever a handler opens must end on the
   * socket's 'disconnect', which every session check above ends in.
   */
  onSocket?: (socket: StreamSocket) => void;
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
}

/**
 * socket.io on an existing http.Server. A handshake from a foreign Origin is
 * refused before any upgrade; a connection needs a live session, which is
 * checked again while open: signing out closes its sockets at once, and an
 * expired or deleted session is noticed within `recheckMs`.
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

  io.use(async (socket, next) => {
    try {
      const actor = await options.authenticate(socket.request);
      if (!actor) return next(new Error("unauthorized"));
      socket.data.actor = actor;
      next();
    } catch {
      next(new Error("unauthorized"));
    }
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
    options.onSocket?.(socket);
  });

  return {
    io,
    closeSession: (sessionKey) => io.in(`session:${sessionKey}`).disconnectSockets(true),
    close: () => io.close(),
  };
}
