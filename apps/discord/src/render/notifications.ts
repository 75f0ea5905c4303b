import type { NotificationPreferences, NotificationsListOutput } from "@clustercord/contracts";
import type { APIEmbed } from "discord.js";
import { colors, fitFields, plain } from "./style";

const severityMark = { info: "ℹ️", warning: "⚠️", critical: "🚨" } as const;

/** `/notifications recent`: the same list as the web center (newest first). */
export function renderNotifications(
  list: NotificationsListOutput,
  options: { unreadOnly: boolean },
): APIEmbed {
  const { fields, omitted } = fitFields(
    list.items.map((item) => ({
      name: plain(`${severityMark[item.severity]} ${item.title}${item.readAt ? "" : " (unread)"}`, 256),
      value: `${plain(item.body || "—", 300)}\n<t:${Math.floor(Date.parse(item.createdAt) / 1000)}:R>`,
    })),
  );
  const more =
    omitted + (list.nextCursor ? 1 : 0) > 0 ? " Older ones are in the notification center on the web." : "";
  return {
    title: `Notifications: ${list.unread} unread`,
    color: list.unread ? colors.warn : colors.brand,
    ...(fields.length
      ? { fields }
      : { description: options.unreadOnly ? "Nothing unread." : "No notifications yet." }),
    footer: { text: `Mark them read with /notifications read.${more}` },
  };
}

/** `/notifications preferences`: what the web settings page shows. */
export function renderPreferences(prefs: NotificationPreferences): APIEmbed {
  const email = !prefs.emailAvailable
    ? "not set up on this ClusterCord"
    : prefs.emailAddress
      ? `${prefs.email ? "on" : "off"} · ${plain(prefs.emailAddress, 254)} (${prefs.emailConfirmed ? "confirmed" : "waiting for confirmation"})`
      : "no address (set one with /notifications email)";
  return {
    title: "Notification preferences",
    color: colors.brand,
    fields: [
      { name: "Discord DMs", value: prefs.discordDm ? "on" : "off", inline: true },
      { name: "Email", value: email, inline: true },
      {
        name: "Quiet hours",
        value: prefs.quietHours
          ? `${prefs.quietHours.start}–${prefs.quietHours.end} (${plain(prefs.timeZone, 64)}); critical ones still come`
          : `off (time zone ${plain(prefs.timeZone, 64)})`,
      },
    ],
    footer: { text: "The web notification center always gets everything." },
  };
}
