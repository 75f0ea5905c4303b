"use client";
import { type ResourcesChangedEvent, resourcesEvents } from "@clustercord/contracts";
import { useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";
import type { LiveState } from "~/lib/use-live-subscription";

/** What a job's list, details and logs follow: the Jobs, their pods (phase, exit code) and the CronJobs. */
export const JOB_KINDS = ["jobs", "pods", "cronjobs"] as const;

type Ack = { ok: true } | { ok: false; message: string };

/**
 * The namespace's jobs, pods and CronJobs followed over ONE socket with the
 * existing `resources:subscribe` (no socket of its own). `onChange` runs on
 * each change notice and on every (re)subscription, so nothing between two
 * connections is missed; the caller asks its procedures again then. "off"
 * (refused, or disconnected) means the caller polls instead.
 */
export function useLiveJobs(target: { clusterId: string; namespace: string }, onChange: () => void) {
  const [state, setState] = useState<LiveState>("connecting");
  const latest = useRef(onChange);
  latest.current = onChange;
  const { clusterId, namespace } = target;

  useEffect(() => {
    if (!namespace) return;
    setState("connecting");
    const socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    socket.on("connect", () => {
      let pending = JOB_KINDS.length;
      let accepted = 0;
      for (const kind of JOB_KINDS) {
        socket.emit(resourcesEvents.subscribe, { clusterId, kind, namespace }, (ack: Ack) => {
          if (ack.ok) accepted++;
          if (--pending > 0) return;
          // Jobs themselves must be followed; pods and CronJobs only add detail.
          setState(accepted === JOB_KINDS.length ? "live" : "off");
          latest.current();
        });
      }
    });
    socket.on(resourcesEvents.changed, (event: ResourcesChangedEvent) => {
      if (event.clusterId === clusterId && event.namespace === namespace) latest.current();
    });
    socket.on(resourcesEvents.error, (event: { clusterId?: string; namespace?: string }) => {
      if (event.clusterId === clusterId && event.namespace === namespace) setState("off");
    });
    socket.on("disconnect", () => setState("off"));
    socket.on("connect_error", () => setState("off"));
    return () => {
      socket.disconnect();
    };
  }, [clusterId, namespace]);
  return state;
}
