"use client";
import { type ResourcesChangedEvent, resourcesEvents } from "@clustercord/contracts";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useLiveSubscription } from "./use-live-subscription";

/**
 * Keeps resources.list answers under `queryKey` (a prefix: every filter and
 * page of the list) current: on each `resources:changed` batch, and on every
 * (re)subscription, they are fetched again. "off" means the caller should
 * poll instead.
 */
export function useLiveResources(
  target: { clusterId: string; kind: string; namespace?: string | undefined; enabled: boolean },
  queryKey: QueryKey,
) {
  const queryClient = useQueryClient();
  const { clusterId, kind, namespace, enabled } = target;
  // One fetch at a time, never cancelled by the next notice (a large list under steady change
  // would otherwise never finish); a notice during a fetch asks once more after it.
  const fetching = useRef<{ again: boolean } | null>(null);
  const refetch = () => {
    if (fetching.current) {
      fetching.current.again = true;
      return;
    }
    const run = { again: false };
    fetching.current = run;
    void (async () => {
      do {
        run.again = false;
        await queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false }).catch(() => undefined);
      } while (run.again);
      fetching.current = null;
    })();
  };
  return useLiveSubscription<ResourcesChangedEvent>({
    key: `${clusterId}|${kind}|${namespace ?? ""}`,
    enabled,
    events: resourcesEvents,
    payload: { clusterId, kind, ...(namespace ? { namespace } : {}) },
    mine: (e) =>
      "clusterId" in e &&
      e.clusterId === clusterId &&
      e.kind === kind &&
      (e.namespace ?? "") === (namespace ?? ""),
    onLive: refetch,
    onChanged: refetch,
  });
}
