import {
  AppError,
  type NotificationsListInput,
  type NotificationsListOutput,
  type NotificationsMarkReadInput,
  type NotificationsMarkReadOutput,
  type NotificationsSendTestOutput,
} from "@clustercord/contracts";
import { countUnreadNotifications, listNotifications, markNotificationsRead } from "@clustercord/db";
import type { ApiDeps } from "../../context";
import { clock } from "./deps";

/** A person's own notifications (every one they were sent), newest first. */
export async function listPersonNotifications(
  deps: ApiDeps,
  userId: string,
  input: Required<Pick<NonNullable<NotificationsListInput>, "limit" | "unreadOnly">> & {
    cursor?: string | undefined;
  },
): Promise<NotificationsListOutput> {
  const [page, unread] = await Promise.all([
    listNotifications(deps.prisma, { userId, ...input }),
    countUnreadNotifications(deps.prisma, userId),
  ]);
  return { ...page, unread };
}

export async function countPersonUnread(deps: ApiDeps, userId: string): Promise<number> {
  return countUnreadNotifications(deps.prisma, userId);
}

/** Marks the person's own notifications read (anyone else's ids match nothing), and tells their open pages. */
export async function markPersonNotificationsRead(
  deps: ApiDeps,
  userId: string,
  which: NotificationsMarkReadInput,
): Promise<NotificationsMarkReadOutput> {
  const marked = await markNotificationsRead(deps.prisma, userId, which, clock(deps));
  if (marked > 0) deps.notifications?.feed.publish(userId);
  return { marked, unread: await countUnreadNotifications(deps.prisma, userId) };
}

/** At most one test notification per person in this window (the idempotency key carries it). */
export const TEST_WINDOW_MS = 30_000;

/** A test notification to oneself, over every channel one has on (quiet hours apply, as to any other). */
export async function sendPersonTest(deps: ApiDeps, userId: string): Promise<NotificationsSendTestOutput> {
  const notify = deps.notifications?.notify;
  if (!notify)
    throw new AppError("BAD_REQUEST", { userMessage: "Notifications are not running on this ClusterCord." });
  const window = Math.floor(clock(deps).getTime() / TEST_WINDOW_MS);
  const result = await notify({
    to: { userId },
    title: "Test notification",
    body: "You asked ClusterCord for a test notification. If you read this, this channel works.",
    severity: "info",
    link: "/notifications",
    idempotencyKey: `test:${window}`,
  });
  return { sent: !result.deduplicated, channels: result.deliveries.map((d) => d.channel) };
}
