"use client";
import { type PodsChangedEvent, type PodsListOutput, podsEvents } from "@clustercord/contracts";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useLiveSubscription } from "~/lib/use-live-subscription";
import { applyPodsChanged } from "./apply-changes";

export type { LiveState } from "~/lib/use-live-subscription";

/**
 * Keeps the pods.list answer under `queryKey` current from `pods:changed`
 * batches over socket.io; on every (re)subscription the list is fetched
 * again, so nothing between two connections is missed. "off" means the
 * caller should poll instead.
 */
export function useLivePods(target: { clusterId: string; namespace: string }, queryKey: QueryKey) {
  const queryClient = useQueryClient();
  const { clusterId, namespace } = target;
  return useLiveSubscription<PodsChangedEvent>({
    key: `${clusterId}|${namespace}`,
    enabled: namespace !== "",
    events: podsEvents,
    payload: { clusterId, namespace },
    mine: (e) => "clusterId" in e && e.clusterId === clusterId && e.namespace === namespace,
    onLive: () => void queryClient.invalidateQueries({ queryKey }),
    onChanged: (event) =>
      queryClient.setQueryData<PodsListOutput>(queryKey, (old) => (old ? applyPodsChanged(old, event) : old)),
  });
}
