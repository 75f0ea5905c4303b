import type { Mailer, Notify, UnreadFeed } from "@clustercord/notify";
import type { ApiDeps } from "../../context";

/** What the notification procedures need beyond the database (a NotifyService provides it). */
export interface NotificationsDeps {
  /** Tells the person's open pages their unread count changed. */
  feed: UnreadFeed;
  /** Sends confirmation links; null when SMTP is not configured. */
  mailer: Mailer | null;
  /** PUBLIC_URL: where confirmation links point. */
  publicUrl: string;
  /** notify(): a test notification goes through the same delivery as every other. */
  notify?: Notify;
  now?: () => Date;
}

export const clock = (deps: ApiDeps) => deps.notifications?.now?.() ?? new Date();
