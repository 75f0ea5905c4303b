import {
  type ResourcesChangedEvent,
  type ResourcesSubscribeAck,
  ResourcesSubscribeInput,
  type ResourcesSubscriptionError,
  resourcesEvents,
} from "@clustercord/contracts";
import type { Obj } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { inScope, openResourceList } from "../services/resources";
import { type LiveOptions, liveSubscriptions } from "./live-subscriptions";
import { parseEvent, refusal, replyTo } from "./replies";
import type { ApiSocket } from "./socket";

const keyOf = (t: ResourcesSubscribeInput) => `${t.clusterId}|${t.kind}|${t.namespace ?? ""}`;

/**
 * Live resource lists: `resources:subscribe` is authorized like
 * resources.list; changes to what the person may see of the kind there
 * are announced (a count, not the objects) at most every `batchMs`, and the
 * browser asks resources.list again, with its own filters and sort.
 */
export function createResourcesSocketHandler(deps: ApiDeps, options: LiveOptions = {}) {
  const batchMs = options.batchMs ?? 250;

  return (socket: ApiSocket) => {
    const live = liveSubscriptions(deps, socket, { ...options, what: "resource lists", kind: "resources" });

    socket.on(resourcesEvents.subscribe, async (raw: unknown, ack: unknown) => {
      const reply = replyTo<ResourcesSubscribeAck>(ack);
      let target: ResourcesSubscribeInput;
      try {
        target = parseEvent(ResourcesSubscribeInput, raw);
      } catch (error) {
        return reply(refusal(error, options.onUnexpectedError, "resource lists"));
      }
      const answer = await live.subscribe(keyOf(target), {
        open: (actor) => openResourceList(deps, actor, target),
        follow: ({ kind, scope, cache }) => {
          let changed = 0;
          let stateChanged = false;
          let timer: ReturnType<typeof setTimeout> | undefined;
          const flush = () => {
            timer = undefined;
            const event: ResourcesChangedEvent = {
              ...target,
              changed,
              state: cache.state.status,
              resourceVersion: cache.resourceVersion,
            };
            changed = 0;
            stateChanged = false;
            socket.emit(resourcesEvents.changed, event);
          };
          const unsubscribe = cache.subscribe((update) => {
            for (const change of update.changes) if (inScope(scope, kind, change.object as Obj)) changed++;
            if (update.changes.length === 0) stateChanged = true;
            if ((changed || stateChanged) && !timer) timer = setTimeout(flush, batchMs);
          });
          return () => {
            unsubscribe();
            if (timer) clearTimeout(timer);
          };
        },
        lost: (app) => {
          const gone: ResourcesSubscriptionError = { ...target, code: app.code, message: app.userMessage };
          socket.emit(resourcesEvents.error, gone);
        },
      });
      if (!answer.ok) return reply(answer);
      const cache = answer.opened?.cache;
      reply({
        ok: true,
        state: cache?.state.status ?? "syncing",
        resourceVersion: cache?.resourceVersion ?? "",
      });
    });

    socket.on(resourcesEvents.unsubscribe, (raw: unknown) => {
      const parsed = ResourcesSubscribeInput.safeParse(raw);
      if (parsed.success) live.unsubscribe(keyOf(parsed.data));
    });
  };
}
