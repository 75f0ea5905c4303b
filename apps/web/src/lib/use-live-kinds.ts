"use client";
import { type ResourcesChangedEvent, resourcesEvents } from "@clustercord/contracts";
import { useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";
import type { LiveState } from "./use-live-subscription";

type Ack = { ok: true } | { ok: false; message: string };

/**
 * Several kinds of one cluster followed live over ONE socket (every namespace
 * you may list; a page with many kinds would otherwise spend the session's
 * socket allowance). `onChange(kind)` runs on each change notice and on every
 * (re)subscription, so nothing between two connections is missed. "off"
 * means the caller should poll.
 */
export function useLiveKinds(clusterId: string, kinds: readonly string[], onChange: (kind: string) => void) {
  const [state, setState] = useState<LiveState>("connecting");
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = `${clusterId}|${kinds.join(",")}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the cluster and kinds
  useEffect(() => {
    setState("connecting");
    const socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    socket.on("connect", () => {
      let pending = kinds.length;
      for (const kind of kinds) {
        socket.emit(resourcesEvents.subscribe, { clusterId, kind }, (ack: Ack) => {
          if (!ack.ok) {
            setState("off");
            return;
          }
          latest.current(kind);
          pending--;
          if (pending === 0) setState("live");
        });
      }
    });
    socket.on(resourcesEvents.changed, (event: ResourcesChangedEvent) => {
      if (event.clusterId === clusterId && !event.namespace && kinds.includes(event.kind))
        latest.current(event.kind);
    });
    socket.on(resourcesEvents.error, () => setState("off"));
    socket.on("disconnect", () => setState("off"));
    socket.on("connect_error", () => setState("off"));
    return () => {
      socket.disconnect();
    };
  }, [key]);
  return state;
}
