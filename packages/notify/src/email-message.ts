import type { NotificationSeverity } from "@clustercord/contracts";
import { absoluteLink } from "./discord-message";

export interface EmailMessage {
  subject: string;
  text: string;
  /** Stable per delivery, so a mail sent again after a crash is recognisably the same one. */
  messageId: string;
  headers: Record<string, string>;
}

/** Header text on one line (a title can never add headers). */
const oneLine = (text: string, max: number) => {
  const flat = text.replace(/[\r\n\t]+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

const senderDomain = (from: string) => /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "clustercord.invalid";

const automatic = { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" };

/** A notification as a plain-text mail. */
export function emailMessageFor(
  notification: { title: string; body: string; severity: NotificationSeverity; link: string | null },
  options: { publicUrl: string; deliveryId: string; from: string },
): EmailMessage {
  const prefix = notification.severity === "info" ? "" : `${notification.severity.toUpperCase()}: `;
  const link = absoluteLink(notification.link, options.publicUrl);
  const settings = new URL("/settings/notifications", options.publicUrl).toString();
  return {
    subject: oneLine(`[ClusterCord] ${prefix}${notification.title}`, 250),
    text: [
      notification.title,
      "",
      notification.body,
      ...(link ? ["", link] : []),
      "",
      "--",
      `You get this because email notifications are on for you in ClusterCord. Change that: ${settings}`,
    ].join("\n"),
    messageId: `<notification-${options.deliveryId}@${senderDomain(options.from)}>`,
    headers: automatic,
  };
}

/** The mail that asks a person to confirm their address. The token travels in the link's fragment, which browsers never send to a server or in a Referer. */
export function confirmationMessageFor(options: {
  publicUrl: string;
  token: string;
  /** An id for the Message-ID header (not the token). */
  id: string;
  from: string;
  expiresInHours: number;
}): EmailMessage {
  const link = new URL("/notifications/confirm", options.publicUrl);
  link.hash = `token=${options.token}`;
  return {
    subject: "[ClusterCord] Confirm your email address",
    text: [
      "Someone (hopefully you) asked ClusterCord to send notifications to this address.",
      "",
      `Confirm it while signed in to ClusterCord: ${link.toString()}`,
      "",
      `The link works once and expires in ${options.expiresInHours} hours. If this was not you, ignore this mail: nothing will be sent here.`,
    ].join("\n"),
    messageId: `<confirm-${options.id}@${senderDomain(options.from)}>`,
    headers: automatic,
  };
}
