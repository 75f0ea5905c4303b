"use client";
import { useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";

export type LiveState = "connecting" | "live" | "off";

type Ack = { ok: true } | { ok: false; message: string };

/**
 * One live subscription over socket.io (pods:subscribe, resources:subscribe):
 * connects with the session cookie, subscribes on every (re)connect and
 * calls `onLive` then (the caller fetches again, so nothing between two
 * connections is missed), passes this subscription's change events to
 * `onChanged`, and reports "off" with the reason when it is refused or
 * ended, so the caller can poll instead. `key` identifies the subscription:
 * a new key starts a new one.
 */
export function useLiveSubscription<Changed extends object>(options: {
  key: string;
  enabled: boolean;
  events: { subscribe: string; changed: string; error: string };
  payload: object;
  /** Whether an event (changed or error) is this subscription's. */
  mine: (event: Changed | { message: string }) => boolean;
  onLive: () => void;
  onChanged: (event: Changed) => void;
}) {
  const [state, setState] = useState<LiveState>("connecting");
  const [problem, setProblem] = useState<string | null>(null);
  // The latest callbacks, without restarting the socket when they change identity.
  const latest = useRef(options);
  latest.current = options;
  const { key, enabled } = options;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the subscription's payload
  useEffect(() => {
    if (!enabled) return;
    const { events, payload } = latest.current;
    setState("connecting");
    setProblem(null);
    const socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    socket.on("connect", () => {
      socket.emit(events.subscribe, payload, (ack: Ack) => {
        if (!ack.ok) {
          setState("off");
          setProblem(ack.message);
          return;
        }
        setState("live");
        latest.current.onLive();
      });
    });
    socket.on(events.changed, (event: Changed) => {
      if (latest.current.mine(event)) latest.current.onChanged(event);
    });
    socket.on(events.error, (event: { message: string }) => {
      if (!latest.current.mine(event)) return;
      setState("off");
      setProblem(event.message);
    });
    socket.on("disconnect", () => setState("off"));
    socket.on("connect_error", () => setState("off"));
    return () => {
      socket.disconnect();
    };
  }, [key, enabled]);
  return { state, problem };
}
