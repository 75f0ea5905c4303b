import type { IncomingMessage } from "node:http";
import {
  AppError,
  type NotificationsSubscribeAck,
  type NotificationsUnreadEvent,
  notificationEvents,
} from "@clustercord/contracts";
import { type ApiDeps, identify } from "../context";
import { countPersonUnread } from "../services/notify/center";
import { socketReporter } from "./socket";

/** The part of a socket.io socket this handler uses (structural: no socket.io here). */
export interface NotificationsSocket {
  readonly request: IncomingMessage;
  readonly connected: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

export interface NotificationsSocketOptions {
  /** Bursts (many notifications at once) become one count at most this often. */
  batchMs?: number;
  onUnexpectedError?: (error: unknown, where: string) => void;
}

/**
 * The bell's live unread count: `notifications:subscribe` (acked with the
 * count) follows the person the socket's own session cookie names (never an
 * id from the event); each change to their notifications sends
 * `notifications:unread` with the new count. It ends with the socket, which
 * realtime closes on sign-out or an expired session.
 */
export function createNotificationsSocketHandler(deps: ApiDeps, options: NotificationsSocketOptions = {}) {
  const batchMs = options.batchMs ?? 100;
  return (socket: NotificationsSocket) => {
    let stop: (() => void) | undefined;
    const report = socketReporter(deps, socket, options.onUnexpectedError);
    // One open stream per socket that follows its count (a second subscribe replaces the first).
    let counted = false;
    socket.on("disconnect", () => {
      stop?.();
      if (counted) deps.metrics?.openStreams.dec({ kind: "notifications" });
      counted = false;
    });

    socket.on(notificationEvents.subscribe, async (_raw: unknown, ack: unknown) => {
      const reply = (answer: NotificationsSubscribeAck) => {
        if (typeof ack === "function") ack(answer);
      };
      try {
        const { identity } = await identify(deps, socket.request);
        if (identity?.via !== "web") throw new AppError("UNAUTHORIZED");
        const userId = identity.userId;
        const feed = deps.notifications?.feed;
        stop?.();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const send = async () => {
          timer = undefined;
          try {
            const event: NotificationsUnreadEvent = { unread: await countPersonUnread(deps, userId) };
            if (socket.connected) socket.emit(notificationEvents.unread, event);
          } catch (error) {
            report(error, "notifications socket");
          }
        };
        const unsubscribe = feed?.subscribe(userId, () => {
          timer ??= setTimeout(send, batchMs);
        });
        stop = () => {
          unsubscribe?.();
          if (timer) clearTimeout(timer);
        };
        if (!socket.connected) return stop();
        if (!counted) deps.metrics?.openStreams.inc({ kind: "notifications" });
        counted = true;
        reply({ ok: true, unread: await countPersonUnread(deps, userId) });
      } catch (error) {
        const app = error instanceof AppError ? error : new AppError("INTERNAL", { cause: error });
        if (app.code === "INTERNAL") report(error, "notifications socket");
        reply({ ok: false, code: app.code, message: app.userMessage });
      }
    });
  };
}
