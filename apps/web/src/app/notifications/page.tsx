"use client";
import type { NotificationItem } from "@clustercord/contracts";
import { Badge, Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { AppShell } from "~/components/app-shell";
import { userMessage, useTRPC } from "~/lib/trpc";

const severityTone = { info: "neutral", warning: "warn", critical: "bad" } as const;
const channelNames = {
  web: "web",
  discord_dm: "Discord DM",
  discord_channel: "channel",
  email: "email",
} as const;

function Delivered({ item }: { item: NotificationItem }) {
  const pushed = item.deliveries.filter((d) => d.channel !== "web");
  if (!pushed.length) return null;
  return (
    <span className="cc-muted">
      {pushed.map((d) => `${channelNames[d.channel]}: ${d.status}`).join(" · ")}
    </span>
  );
}

/** The notification center: every notification the person was sent, newest first. */
export default function NotificationsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useQuery(trpc.notifications.list.queryOptions({ limit: 50, unreadOnly }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() }),
    ]);
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const sendTest = useMutation(trpc.notifications.sendTest.mutationOptions({ onSuccess: refresh }));
  const error = list.error ?? markRead.error ?? sendTest.error;

  return (
    <AppShell>
      <h1 className="cc-page-title">Notifications</h1>
      <Card
        title={list.data ? `${list.data.unread} unread` : "Notifications"}
        actions={
          <span className="cc-inline">
            <label className="cc-inline">
              <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
              Unread only
            </label>
            <Button
              variant="secondary"
              disabled={!list.data?.unread || markRead.isPending}
              onClick={() => markRead.mutate({ all: true })}
            >
              Mark all read
            </Button>
            <Button variant="secondary" disabled={sendTest.isPending} onClick={() => sendTest.mutate({})}>
              Send a test notification
            </Button>
            <Link href="/settings/notifications">Settings</Link>
          </span>
        }
      >
        {error && <ErrorNotice>{userMessage(error)}</ErrorNotice>}
        {sendTest.data && (
          <p className="cc-success" role="status">
            {sendTest.data.sent
              ? `Test notification sent (${sendTest.data.channels.map((c) => channelNames[c]).join(", ")}).`
              : "A test notification was sent less than half a minute ago."}
          </p>
        )}
        {list.data && list.data.items.length === 0 && (
          <EmptyState>{unreadOnly ? "Nothing unread." : "No notifications yet."}</EmptyState>
        )}
        {list.data && list.data.items.length > 0 && (
          <ul className="cc-notification-list" aria-label="Notifications">
            {list.data.items.map((item) => (
              <li
                key={item.id}
                className="cc-notification"
                data-unread={item.readAt === null}
                aria-label={item.title}
              >
                <div className="cc-notification-head">
                  <span className="cc-inline">
                    <Badge tone={severityTone[item.severity]}>{item.severity}</Badge>
                    <strong>
                      {item.link?.startsWith("/") ? <Link href={item.link}>{item.title}</Link> : item.title}
                    </strong>
                    {item.readAt === null && <Badge tone="accent">unread</Badge>}
                  </span>
                  <span className="cc-inline">
                    <time className="cc-muted" dateTime={item.createdAt}>
                      {new Date(item.createdAt).toLocaleString()}
                    </time>
                    {item.readAt === null && (
                      <Button
                        variant="secondary"
                        disabled={markRead.isPending}
                        onClick={() => markRead.mutate({ ids: [item.id] })}
                        aria-label={`Mark "${item.title}" read`}
                      >
                        Mark read
                      </Button>
                    )}
                  </span>
                </div>
                {item.body && <p className="cc-notification-body">{item.body}</p>}
                <Delivered item={item} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </AppShell>
  );
}
