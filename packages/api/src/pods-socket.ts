import {
  AppError,
  type PodSummary,
  type PodsChangedEvent,
  type PodsSubscribeAck,
  PodsSubscribeInput,
  type PodsSubscriptionError,
  podsEvents,
} from "@clustercord/contracts";
import { type ApiDeps, identify } from "./context";
import { resolveMembership } from "./services/membership";
import { summarizePod } from "./services/pod-summary";
import { type Actor, authorizePodsRead, inNamespace } from "./services/pods";
import type { StreamSocketLike } from "./streams";

export interface PodsSocketOptions {
  /** Changes are gathered this long into one `pods:changed` event (default 250 ms). */
  batchMs?: number;
  /** How often each subscription's access is checked again (default 5 s; answers are cached 10 s). */
  recheckMs?: number;
  /** Subscriptions one socket may hold (default 8). */
  maxPerSocket?: number;
  onUnexpectedError?: (error: unknown, where: string) => void;
}

/** The person behind a browser socket, from its own session (never from the event). */
async function socketActor(deps: ApiDeps, socket: StreamSocketLike): Promise<Actor> {
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

/**
 * Live pod lists over socket.io: `pods:subscribe` is authorized like
 * pods.list; the cluster's shared cache (one watch for everyone) feeds each
 * subscription, whose changes in its namespace are sent at most every
 * `batchMs`. Access is checked again every `recheckMs`; when it is gone the
 * subscription ends with `pods:error`. Everything ends on disconnect.
 */
export function createPodsSocketHandler(deps: ApiDeps, options: PodsSocketOptions = {}) {
  const batchMs = options.batchMs ?? 250;
  const recheckMs = options.recheckMs ?? 5_000;
  const maxPerSocket = options.maxPerSocket ?? 8;

  return (socket: StreamSocketLike) => {
    const subscriptions = new Map<string, () => void>();
    const toApp = (error: unknown) => {
      if (error instanceof AppError) return error;
      options.onUnexpectedError?.(error, "pods");
      return new AppError("INTERNAL", { message: String(error), cause: error });
    };

    socket.on(podsEvents.subscribe, async (raw: unknown, ack: unknown) => {
      const reply = (answer: PodsSubscribeAck) => {
        if (typeof ack === "function") ack(answer);
      };
      const parsed = PodsSubscribeInput.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, code: "BAD_REQUEST", message: "Invalid subscription." });
      const { clusterId, namespace } = parsed.data;
      const key = `${clusterId}|${namespace}`;
      if (subscriptions.size >= maxPerSocket && !subscriptions.has(key)) {
        return reply({ ok: false, code: "BAD_REQUEST", message: "Too many live pod lists on this page." });
      }
      try {
        const cache = await authorizePodsRead(deps, await socketActor(deps, socket), clusterId, namespace);
        if (!socket.connected) return;
        subscriptions.get(key)?.();

        const pending = new Map<string, PodSummary | null>();
        let timer: ReturnType<typeof setTimeout> | undefined;
        let stateChanged = false;
        const flush = () => {
          timer = undefined;
          const event: PodsChangedEvent = {
            clusterId,
            namespace,
            upserted: [...pending.values()].filter((p): p is PodSummary => p !== null),
            deleted: [...pending].filter(([, p]) => p === null).map(([name]) => name),
            state: cache.state.status,
            resourceVersion: cache.resourceVersion,
          };
          pending.clear();
          stateChanged = false;
          socket.emit(podsEvents.changed, event);
        };
        const unsubscribe = cache.subscribe((update) => {
          for (const change of update.changes) {
            if (!inNamespace(change.key, namespace)) continue;
            const name = change.key.slice(namespace.length + 1);
            pending.set(name, change.type === "deleted" ? null : summarizePod(change.object));
          }
          if (update.changes.length === 0) stateChanged = true;
          if ((pending.size || stateChanged) && !timer) timer = setTimeout(flush, batchMs);
        });
        const end = () => {
          unsubscribe();
          if (timer) clearTimeout(timer);
          clearInterval(recheck);
          if (subscriptions.get(key) === end) subscriptions.delete(key);
        };
        const recheck = setInterval(() => {
          socketActor(deps, socket)
            .then((actor) => authorizePodsRead(deps, actor, clusterId, namespace))
            .catch((error: unknown) => {
              if (subscriptions.get(key) !== end) return;
              const app = toApp(error);
              // A cluster that does not answer for a moment is not a lost grant.
              if (app.code === "UPSTREAM" || app.code === "INTERNAL") return;
              end();
              const gone: PodsSubscriptionError = {
                clusterId,
                namespace,
                code: app.code,
                message: app.userMessage,
              };
              socket.emit(podsEvents.error, gone);
            });
        }, recheckMs);
        subscriptions.set(key, end);
        reply({ ok: true, state: cache.state.status, resourceVersion: cache.resourceVersion });
      } catch (error) {
        const app = toApp(error);
        reply({ ok: false, code: app.code, message: app.userMessage });
      }
    });

    socket.on(podsEvents.unsubscribe, (raw: unknown) => {
      const parsed = PodsSubscribeInput.safeParse(raw);
      if (parsed.success) subscriptions.get(`${parsed.data.clusterId}|${parsed.data.namespace}`)?.();
    });

    socket.on("disconnect", () => {
      for (const end of [...subscriptions.values()]) end();
    });
  };
}
