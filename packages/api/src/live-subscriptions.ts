/**
 * The part every live list over socket.io shares: who the socket is (from
 * its own session, never from an event), a bounded set of subscriptions per
 * socket, access checked again every few seconds (a lost grant ends the
 * subscription with an error event, a cluster that does not answer for a
 * moment does not), and everything ended on disconnect.
 */
import { AppError } from "@clustercord/contracts";
import { type ApiDeps, identify } from "./context";
import { resolveMembership } from "./services/membership";
import type { Actor } from "./services/read-access";
import type { StreamSocketLike } from "./streams";

export interface LiveOptions {
  /** Changes are gathered this long into one event (default 250 ms). */
  batchMs?: number;
  /** How often each subscription's access is checked again (default 5 s; answers are cached 10 s). */
  recheckMs?: number;
  /** Subscriptions one socket may hold (default 8). */
  maxPerSocket?: number;
  onUnexpectedError?: (error: unknown, where: string) => void;
}

/** The person behind a browser socket, from its own session. */
export async function socketActor(deps: ApiDeps, socket: StreamSocketLike): Promise<Actor> {
  const { identity } = await identify(deps, socket.request);
  if (identity?.via !== "web") throw new AppError("UNAUTHORIZED");
  const guildId = identity.guildId;
  if (!guildId) throw new AppError("BAD_REQUEST", { userMessage: "Pick a Discord server first." });
  const membership = await resolveMembership(deps, identity.userId, guildId);
  if (!membership) {
    throw new AppError("FORBIDDEN", { userMessage: "You are not a member of that Discord server." });
  }
  return { userId: identity.userId, guildId, role: membership.role };
}

export type Ack = { ok: true } | { ok: false; code: string; message: string };

export interface Subscription<T> {
  /** Authorizes the person (throws an AppError when they may not) and returns what to follow. */
  open(actor: Actor): Promise<T>;
  /** Starts following what `open` returned; returns the function that stops it. */
  follow(opened: T): () => void;
  /** Tells the browser the subscription ended because access is gone. */
  lost(error: AppError): void;
}

/** One socket's live subscriptions, keyed (e.g. `cluster|namespace`). */
export function liveSubscriptions(
  deps: ApiDeps,
  socket: StreamSocketLike,
  options: LiveOptions & { what: string },
) {
  const recheckMs = options.recheckMs ?? 5_000;
  const maxPerSocket = options.maxPerSocket ?? 8;
  const active = new Map<string, () => void>();
  const toApp = (error: unknown) => {
    if (error instanceof AppError) return error;
    options.onUnexpectedError?.(error, options.what);
    return new AppError("INTERNAL", { message: String(error), cause: error });
  };

  socket.on("disconnect", () => {
    for (const end of [...active.values()]) end();
  });

  return {
    /** Starts (or restarts) the subscription under `key`; resolves with the answer for the ack. */
    async subscribe<T>(key: string, sub: Subscription<T>): Promise<Ack & { opened?: T }> {
      if (active.size >= maxPerSocket && !active.has(key)) {
        return { ok: false, code: "BAD_REQUEST", message: `Too many live ${options.what} on this page.` };
      }
      try {
        const opened = await sub.open(await socketActor(deps, socket));
        if (!socket.connected) return { ok: false, code: "BAD_REQUEST", message: "Disconnected." };
        active.get(key)?.();
        const stop = sub.follow(opened);
        const end = () => {
          stop();
          clearInterval(recheck);
          if (active.get(key) === end) active.delete(key);
        };
        const recheck = setInterval(() => {
          socketActor(deps, socket)
            .then((actor) => sub.open(actor))
            .catch((error: unknown) => {
              if (active.get(key) !== end) return;
              const app = toApp(error);
              // A cluster that does not answer for a moment is not a lost grant.
              if (app.code === "UPSTREAM" || app.code === "INTERNAL") return;
              end();
              sub.lost(app);
            });
        }, recheckMs);
        active.set(key, end);
        return { ok: true, opened };
      } catch (error) {
        const app = toApp(error);
        return { ok: false, code: app.code, message: app.userMessage };
      }
    },
    unsubscribe(key: string): void {
      active.get(key)?.();
    },
  };
}
