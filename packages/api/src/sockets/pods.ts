import {
  type PodSummary,
  type PodsChangedEvent,
  type PodsSubscribeAck,
  PodsSubscribeInput,
  type PodsSubscriptionError,
  podsEvents,
} from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import { summarizePod } from "../services/pod-summary";
import { authorizePodsRead, inNamespace } from "../services/pods";
import { type LiveOptions, liveSubscriptions } from "./live-subscriptions";
import { parseEvent, refusal, replyTo } from "./replies";
import type { ApiSocket } from "./socket";

export type PodsSocketOptions = LiveOptions;

/**
 * Live pod lists over socket.io: `pods:subscribe` is authorized like
 * pods.list; the cluster's shared cache (one watch for everyone) feeds each
 * subscription, whose changes in its namespace are sent at most every
 * `batchMs`. Access is checked again every `recheckMs`; when it is gone the
 * subscription ends with `pods:error`. Everything ends on disconnect.
 */
export function createPodsSocketHandler(deps: ApiDeps, options: PodsSocketOptions = {}) {
  const batchMs = options.batchMs ?? 250;

  return (socket: ApiSocket) => {
    const live = liveSubscriptions(deps, socket, { ...options, what: "pod lists", kind: "pods" });

    socket.on(podsEvents.subscribe, async (raw: unknown, ack: unknown) => {
      const reply = replyTo<PodsSubscribeAck>(ack);
      let input: PodsSubscribeInput;
      try {
        input = parseEvent(PodsSubscribeInput, raw);
      } catch (error) {
        return reply(refusal(error, options.onUnexpectedError, "pod lists"));
      }
      const { clusterId, namespace } = input;
      const answer = await live.subscribe(`${clusterId}|${namespace}`, {
        open: (actor) => authorizePodsRead(deps, actor, clusterId, namespace),
        follow: (cache) => {
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
          return () => {
            unsubscribe();
            if (timer) clearTimeout(timer);
          };
        },
        lost: (app) => {
          const gone: PodsSubscriptionError = {
            clusterId,
            namespace,
            code: app.code,
            message: app.userMessage,
          };
          socket.emit(podsEvents.error, gone);
        },
      });
      if (!answer.ok) return reply(answer);
      const cache = answer.opened;
      reply({
        ok: true,
        state: cache?.state.status ?? "syncing",
        resourceVersion: cache?.resourceVersion ?? "",
      });
    });

    socket.on(podsEvents.unsubscribe, (raw: unknown) => {
      const parsed = PodsSubscribeInput.safeParse(raw);
      if (parsed.success) live.unsubscribe(`${parsed.data.clusterId}|${parsed.data.namespace}`);
    });
  };
}
