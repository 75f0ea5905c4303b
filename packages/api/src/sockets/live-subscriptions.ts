/**
 * The part every live list over socket.io shares: who the socket is (from
 * its own session, never from an event), a bounded set of subscriptions per
 * socket (a slot is taken before anything is awaited, so a burst of
 * subscribes cannot all pass the limit), access checked again every few
 * seconds (a lost grant ends the subscription with an error event, a
 * cluster that does not answer for a moment does not), and everything ended
 * on disconnect. Lists re-check with the directory's cached membership;
 * streams (logs, terminals) read it fresh.
 */
import type { AppError } from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import { toAppError } from "../errors";
import type { Actor } from "../services/actor";
import { type Refusal, refusal } from "./replies";
import { socketActor } from "./session";
import { type ApiSocket, type ReportUnexpected, socketReporter } from "./socket";

export interface LiveOptions {
  /** Changes are gathered this long into one event (default 250 ms). */
  batchMs?: number;
  /** How often each subscription's access is checked again (default 5 s). */
  recheckMs?: number;
  /** Subscriptions one socket may hold (default 8). */
  maxPerSocket?: number;
  onUnexpectedError?: ReportUnexpected;
}

export interface Subscription<T> {
  /** Authorizes the person (throws an AppError when they may not) and returns what to follow. */
  open(actor: Actor): Promise<T>;
  /** Starts following what `open` returned; returns the function that stops it. */
  follow(opened: T): () => void;
  /** Tells the browser the subscription ended because access is gone. */
  lost(error: AppError): void;
}

interface Slot {
  /** Bumped by every subscribe and unsubscribe: an older, slower subscribe then knows it lost. */
  generation: number;
  /** Ends what is followed now, or null while the first subscribe is still opening. */
  end: (() => void) | null;
}

/** One socket's live subscriptions, keyed (e.g. `cluster|namespace`). */
export function liveSubscriptions(
  deps: ApiDeps,
  socket: ApiSocket,
  options: LiveOptions & { what: string; kind: string },
) {
  const recheckMs = options.recheckMs ?? 5_000;
  const maxPerSocket = options.maxPerSocket ?? 8;
  const report = socketReporter(deps, socket, options.onUnexpectedError);
  const slots = new Map<string, Slot>();
  // Every change to `slots` goes through these two, so the open-streams gauge follows it.
  const gauge = { kind: options.kind };
  const addSlot = (key: string, slot: Slot) => {
    slots.set(key, slot);
    deps.metrics?.openStreams.inc(gauge);
  };
  const removeSlot = (key: string) => {
    if (slots.delete(key)) deps.metrics?.openStreams.dec(gauge);
  };

  socket.on("disconnect", () => {
    for (const [key, slot] of [...slots]) {
      slot.generation++;
      slot.end?.();
      removeSlot(key);
    }
  });

  return {
    /** Starts (or restarts) the subscription under `key`; resolves with the answer for the ack. */
    async subscribe<T>(key: string, sub: Subscription<T>): Promise<{ ok: true; opened: T } | Refusal> {
      let slot = slots.get(key);
      if (!slot) {
        if (slots.size >= maxPerSocket) {
          return {
            ok: false,
            code: "BAD_REQUEST",
            message: `At most ${maxPerSocket} live ${options.what} at once; close one first.`,
          };
        }
        slot = { generation: 0, end: null };
        addSlot(key, slot);
      }
      const held = slot;
      const generation = ++held.generation;
      const current = () => slots.get(key) === held && held.generation === generation;
      try {
        const opened = await sub.open(await socketActor(deps, socket));
        if (!socket.connected || !current()) {
          return { ok: false, code: "CONFLICT", message: "Replaced by a newer subscription." };
        }
        held.end?.();
        const stop = sub.follow(opened);
        const recheck = setInterval(() => {
          socketActor(deps, socket)
            .then((actor) => sub.open(actor))
            .catch((error: unknown) => {
              if (held.end !== end) return;
              const app = toAppError(error);
              // A cluster or Discord that does not answer for a moment is not a lost grant.
              if (app.code === "UPSTREAM" || app.code === "INTERNAL") return;
              end();
              if (slots.get(key) === held) removeSlot(key);
              sub.lost(app);
            });
        }, recheckMs);
        recheck.unref();
        const end = () => {
          stop();
          clearInterval(recheck);
          if (held.end === end) held.end = null;
        };
        held.end = end;
        return { ok: true, opened };
      } catch (error) {
        // A failed first subscribe gives its slot back; a failed restart leaves the running one alone.
        if (current() && held.end === null) removeSlot(key);
        return refusal(error, report, options.what);
      }
    },
    unsubscribe(key: string): void {
      const slot = slots.get(key);
      if (!slot) return;
      slot.generation++;
      slot.end?.();
      removeSlot(key);
    },
  };
}
