"use client";
import {
  type NotificationsSubscribeAck,
  type NotificationsUnreadEvent,
  notificationEvents,
} from "@clustercord/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { io } from "socket.io-client";
import { useTRPC } from "./trpc";

/**
 * Keeps the unread count current over socket.io: subscribes on every
 * (re)connect (the ack carries the count, so nothing between connections is
 * missed), writes each `notifications:unread` into the unreadCount query and
 * refreshes the open list. Without a socket the query's own polling remains.
 */
export function useLiveUnread(enabled: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const unreadKey = trpc.notifications.unreadCount.queryKey();
    const set = (unread: number) => {
      const before = queryClient.getQueryData<{ unread: number }>(unreadKey)?.unread;
      queryClient.setQueryData(unreadKey, { unread });
      if (before !== unread)
        void queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });
    };
    const socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    socket.on("connect", () => {
      socket.emit(notificationEvents.subscribe, {}, (ack: NotificationsSubscribeAck) => {
        if (ack.ok) set(ack.unread);
      });
    });
    socket.on(notificationEvents.unread, (event: NotificationsUnreadEvent) => set(event.unread));
    return () => {
      socket.disconnect();
    };
  }, [enabled, queryClient, trpc]);
}
