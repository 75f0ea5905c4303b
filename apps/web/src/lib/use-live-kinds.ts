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
 * (re)subscription, so nothing between two connections is missed. The state
 * is "live" once every kind has answered and one was accepted; `refused`
 * holds the kinds the server would not follow (say, nodes for a tenant): the
 * caller polls those, and everything while the state is not "live".
 */
export function useLiveKinds(clusterId: string, kinds: readonly string[], onChange: (kind: string) => void) {
  const [state, setState] = useState<LiveState>("connecting");
  const [refused, setRefused] = useState<ReadonlySet<string>>(new Set());
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = `${clusterId}|${kinds.join(",")}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the cluster and kinds
  useEffect(() => {
    setState("connecting");
    setRefused(new Set());
    const socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    socket.on("connect", () => {
      let pending = kinds.length;
      const no = new Set<string>();
      const answered = () => {
        pending--;
        if (pending > 0) return;
        setRefused(no);
        setState(no.size < kinds.length ? "live" : "off");
      };
      for (const kind of kinds) {
        socket.emit(resourcesEvents.subscribe, { clusterId, kind }, (ack: Ack) => {
          if (ack.ok) latest.current(kind);
          else no.add(kind);
          answered();
        });
      }
    });
    socket.on(resourcesEvents.changed, (event: ResourcesChangedEvent) => {
      if (event.clusterId === clusterId && !event.namespace && kinds.includes(event.kind))
        latest.current(event.kind);
    });
    // A subscription ended (access gone): that kind is polled from now on.
    socket.on(resourcesEvents.error, (event: { clusterId?: string; kind?: string }) => {
      if (event.clusterId !== clusterId || !event.kind) return;
      const kind = event.kind;
      setRefused((was) => new Set([...was, kind]));
    });
    socket.on("disconnect", () => setState("off"));
    socket.on("connect_error", () => setState("off"));
    return () => {
      socket.disconnect();
    };
  }, [key]);
  return { state, refused };
}
