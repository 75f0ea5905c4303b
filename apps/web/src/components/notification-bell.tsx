"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "~/lib/trpc";
import { useLiveUnread } from "~/lib/use-live-unread";

/** The bell in the top bar: the unread count, live over socket.io, linking to the notification center. */
export function NotificationBell() {
  const trpc = useTRPC();
  // Polling is the fallback when the socket cannot connect; the socket keeps it current otherwise.
  const unread = useQuery({ ...trpc.notifications.unreadCount.queryOptions(), refetchInterval: 60_000 });
  useLiveUnread(unread.isSuccess);
  const count = unread.data?.unread ?? 0;
  const label = count === 0 ? "Notifications: none unread" : `Notifications: ${count} unread`;
  return (
    <Link href="/notifications" className="cc-bell" aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      {count > 0 && (
        <span className="cc-bell-count" data-testid="unread-count">
          {count > 99 ? "99+" : count}
        </span>
      )}
    </Link>
  );
}
