"use client";
import { type ResourcesChangedEvent, resourcesEvents } from "@clustercord/contracts";
import { useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";
import type { LiveState } from "~/lib/use-live-subscription";

type Ack = { ok: true } | { ok: false; message: string };

/**
 * Follows the kinds that move a rollout (see liveKindsFor) in one namespace
 * over ONE socket (`resources:subscribe` per kind) and calls `onChange` on
 * each `resources:changed` notice and on every (re)subscription, so nothing
 * between two connections is missed. Calls are coalesced: one at a time, and
 * notices during a call ask once more after it. "off" (refused, or the
 * connection lost) tells the caller to ask on its own until it is live again.
 */
export function useLiveRollout(
  target: { clusterId: string; namespace: string; kinds: readonly string[] },
  onChange: () => Promise<unknown>,
) {
  const [state, setState] = useState<LiveState>("connecting");
  const latest = useRef(onChange);
  latest.current = onChange;
  const running = useRef<{ again: boolean } | null>(null);
  const { clusterId, namespace, kinds } = target;
  const key = `${clusterId}|${namespace}|${kinds.join(",")}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the cluster, namespace and kinds
  useEffect(() => {
    const changed = () => {
      if (running.current) {
        running.current.again = true;
        return;
      }
      const run = { again: false };
      running.current = run;
      void (async () => {
        do {
          run.again = false;
          await latest.current().catch(() => undefined);
        } while (run.again);
        running.current = null;
      })();
    };
    setState("connecting");
    const socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    socket.on("connect", () => {
      let pending = kinds.length;
      let refused = 0;
      for (const kind of kinds) {
        socket.emit(resourcesEvents.subscribe, { clusterId, kind, namespace }, (ack: Ack) => {
          if (!ack.ok) refused++;
          pending--;
          if (pending > 0) return;
          // Every kind must be followed, or a change could go unseen: else the caller asks on its own.
          setState(refused ? "off" : "live");
          changed();
        });
      }
    });
    socket.on(resourcesEvents.changed, (event: ResourcesChangedEvent) => {
      if (event.clusterId === clusterId && event.namespace === namespace && kinds.includes(event.kind))
        changed();
    });
    socket.on(resourcesEvents.error, (event: { clusterId?: string; namespace?: string; kind?: string }) => {
      if (event.clusterId === clusterId && event.namespace === namespace) setState("off");
    });
    socket.on("disconnect", () => setState("off"));
    socket.on("connect_error", () => setState("off"));
    return () => {
      socket.disconnect();
    };
  }, [key]);
  return state;
}
