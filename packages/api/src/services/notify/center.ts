import type {
  NotificationsListInput,
  NotificationsListOutput,
  NotificationsMarkReadInput,
  NotificationsMarkReadOutput,
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
