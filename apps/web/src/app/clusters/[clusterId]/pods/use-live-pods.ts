"use client";
import {
  type PodsChangedEvent,
  type PodsListOutput,
  type PodsSubscribeAck,
  type PodsSubscriptionError,
  podsEvents,
} from "@clustercord/contracts";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { io } from "socket.io-client";
import { applyPodsChanged } from "./apply-changes";

export type LiveState = "connecting" | "live" | "off";

/**
 * Keeps the pods.list answer under `queryKey` current from `pods:changed`
 * batches over socket.io; on every (re)subscription the list is fetched
 * again, so nothing between two connections is missed. "off" means the
 * caller should poll instead.
 */
export function useLivePods(target: { clusterId: string; namespace: string }, queryKey: QueryKey) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const [problem, setProblem] = useState<string | null>(null);
  const { clusterId, namespace } = target;
  // biome-ignore lint/correctness/useExhaustiveDependencies: queryKey is derived from clusterId and namespace
  useEffect(() => {
    if (!namespace) return;
    setState("connecting");
    setProblem(null);
    const socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    const mine = (e: { clusterId: string; namespace: string }) =>
      e.clusterId === clusterId && e.namespace === namespace;
    socket.on("connect", () => {
      socket.emit(podsEvents.subscribe, { clusterId, namespace }, (ack: PodsSubscribeAck) => {
        if (!ack.ok) {
          setState("off");
          setProblem(ack.message);
          return;
        }
        setState("live");
        void queryClient.invalidateQueries({ queryKey });
      });
    });
    socket.on(podsEvents.changed, (event: PodsChangedEvent) => {
      if (!mine(event)) return;
      queryClient.setQueryData<PodsListOutput>(queryKey, (old) => (old ? applyPodsChanged(old, event) : old));
    });
    socket.on(podsEvents.error, (event: PodsSubscriptionError) => {
      if (!mine(event)) return;
      setState("off");
      setProblem(event.message);
    });
    socket.on("disconnect", () => setState("off"));
    socket.on("connect_error", () => setState("off"));
    return () => {
      socket.disconnect();
    };
  }, [clusterId, namespace, queryClient]);
  return { state, problem };
}
