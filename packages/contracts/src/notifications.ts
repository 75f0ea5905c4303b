import { z } from "zod";
import { Snowflake } from "./schemas";

/**
 * Notifications: one `notify` service delivers to a person (web center,
 * Discord DM, email) or to a guild channel. The procedures here are per
 * person: everyone reads and changes only their own.
 */

export const notificationSeverities = ["info", "warning", "critical"] as const;
export const NotificationSeverity = z.enum(notificationSeverities);
export type NotificationSeverity = z.infer<typeof NotificationSeverity>;

/** Where a notification goes. "web" is the notification center: every person notification lands there. */
export const deliveryChannels = ["web", "discord_dm", "discord_channel", "email"] as const;
export const DeliveryChannel = z.enum(deliveryChannels);
export type DeliveryChannel = z.infer<typeof DeliveryChannel>;

/**
 * pending: waiting for its job; held: waiting for quiet hours to end;
 * sending: an attempt is under way; sent; failed: gave up (or will retry);
 * skipped: nothing to send to (e.g. the email address was removed meanwhile).
 */
export const deliveryStatuses = ["pending", "held", "sending", "sent", "failed", "skipped"] as const;
export const DeliveryStatus = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** Wall-clock time of day, 24-hour "HH:MM". */
export const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day as HH:MM (00:00-23:59)");

/** An IANA time zone the runtime knows (Intl), e.g. "Europe/Berlin" or "UTC". */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Europe/Berlin or UTC");

export const QuietHours = z
  .object({ start: TimeOfDay, end: TimeOfDay })
  .refine(
    (q) => q.start !== q.end,
    "start and end must differ (quiet hours cannot cover no time or all day)",
  );
export type QuietHours = z.infer<typeof QuietHours>;

export const NOTIFICATION_TITLE_MAX = 200;
export const NOTIFICATION_BODY_MAX = 10_000;
export const NOTIFICATION_LINK_MAX = 2_000;

/** A notification as the web center and `/notifications recent` show it. */
export const NotificationItem = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  severity: NotificationSeverity,
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  deliveries: z.array(z.object({ channel: DeliveryChannel, status: DeliveryStatus })),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

// notifications.list
export const NotificationsListInput = z
  .object({
    limit: z.number().int().min(1).max(100).default(25),
    /** The last id of the previous page (newest first). */
    cursor: z.string().max(64).optional(),
    unreadOnly: z.boolean().default(false),
  })
  .default({ limit: 25, unreadOnly: false });
export type NotificationsListInput = z.input<typeof NotificationsListInput>;
export const NotificationsListOutput = z.object({
  items: z.array(NotificationItem),
  nextCursor: z.string().nullable(),
  unread: z.number().int().min(0),
});
export type NotificationsListOutput = z.infer<typeof NotificationsListOutput>;

// notifications.unreadCount
export const NotificationsUnreadOutput = z.object({ unread: z.number().int().min(0) });
export type NotificationsUnreadOutput = z.infer<typeof NotificationsUnreadOutput>;

// notifications.markRead: some by id, or all of them
export const NotificationsMarkReadInput = z.union([
  z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type NotificationsMarkReadInput = z.infer<typeof NotificationsMarkReadInput>;
export const NotificationsMarkReadOutput = z.object({
  marked: z.number().int().min(0),
  unread: z.number().int().min(0),
});
export type NotificationsMarkReadOutput = z.infer<typeof NotificationsMarkReadOutput>;

// notifications.preferences / updatePreferences
export const NotificationPreferences = z.object({
  /** Direct messages from the bot. */
  discordDm: z.boolean(),
  /** Mail to the confirmed address (never to an unconfirmed one). */
  email: z.boolean(),
  emailAddress: z.string().nullable(),
  emailConfirmed: z.boolean(),
  /** Whether this ClusterCord can send mail at all (SMTP is configured). */
  emailAvailable: z.boolean(),
  /** Non-critical DMs and mail wait until quiet hours end; the web center always shows them at once. */
  quietHours: QuietHours.nullable(),
  timeZone: z.string(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const NotificationsUpdatePreferencesInput = z
  .object({
    discordDm: z.boolean().optional(),
    email: z.boolean().optional(),
    quietHours: QuietHours.nullable().optional(),
    timeZone: TimeZone.optional(),
  })
  .strict()
  .refine((input) => Object.keys(input).length > 0, "change at least one preference");
export type NotificationsUpdatePreferencesInput = z.infer<typeof NotificationsUpdatePreferencesInput>;

export const EMAIL_ADDRESS_MAX = 254;
export const EmailAddress = z
  .email("must be an email address such as name@example.com")
  .max(EMAIL_ADDRESS_MAX, `must be at most ${EMAIL_ADDRESS_MAX} characters`);

// notifications.setEmail: null removes the address
export const NotificationsSetEmailInput = z.object({ email: EmailAddress.nullable() }).strict();
export type NotificationsSetEmailInput = z.infer<typeof NotificationsSetEmailInput>;

// notifications.confirmEmail: the token from the confirmation link
export const EmailConfirmationToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, "must be the token from the confirmation link");
export const NotificationsConfirmEmailInput = z.object({ token: EmailConfirmationToken }).strict();
export type NotificationsConfirmEmailInput = z.infer<typeof NotificationsConfirmEmailInput>;

// notifications.sendTest: one to yourself, over every channel you have on
/** No input: it tests the caller's own channels. */
export const NotificationsSendTestInput = z.object({}).strict().nullish();

export const NotificationsSendTestOutput = z.object({
  /** False when one was sent in the last half minute (that one stands). */
  sent: z.boolean(),
  channels: z.array(DeliveryChannel),
});
export type NotificationsSendTestOutput = z.infer<typeof NotificationsSendTestOutput>;

/** The internal shape of a notify() call (not a procedure: later features call the service). */
export const NotifyTarget = z.union([
  z.object({ userId: Snowflake }).strict(),
  z.object({ guildId: Snowflake, channelId: Snowflake }).strict(),
]);
export type NotifyTarget = z.infer<typeof NotifyTarget>;

export const NotifyInput = z
  .object({
    to: NotifyTarget,
    title: z.string().trim().min(1).max(NOTIFICATION_TITLE_MAX),
    body: z.string().max(NOTIFICATION_BODY_MAX),
    severity: NotificationSeverity,
    /** Where the notification points (a page of this ClusterCord, or https). */
    link: z
      .string()
      .max(NOTIFICATION_LINK_MAX)
      .refine((link) => /^(\/(?!\/)|https:\/\/)/.test(link), "must be a path on this site or an https URL")
      .optional(),
    /** One notification per key and recipient: a repeated call is a no-op. */
    idempotencyKey: z.string().min(1).max(150),
    /**
     * The body deliberately carries credentials for this one person (a
     * blueprint's default passwords): it is not blanked, it may only go to a
     * person, and it never goes by email (mail is stored and relayed in clear).
     */
    sensitive: z.literal(true).optional(),
    /**
     * The caller already decided when it goes (alerts apply the person's alert quiet hours and
     * business hours): sent now, not delayed past the notification quiet hours.
     */
    sendNow: z.literal(true).optional(),
    /** Only these push channels (alerts: the subscription's "via"); the web center always gets the row. */
    pushChannels: z
      .array(z.enum(["discord_dm", "email"]))
      .max(2)
      .optional(),
  })
  .refine((n) => !n.sensitive || "userId" in n.to, {
    path: ["sensitive"],
    message: "sensitive notifications go to one person, never to a channel",
  });
export type NotifyInput = z.input<typeof NotifyInput>;

/** Socket events: the bell's live unread count. */
export const notificationEvents = {
  /** Client -> server: start receiving this person's unread count; acked with the current one. */
  subscribe: "notifications:subscribe",
  /** Server -> client: the unread count changed (a new notification, or some were read). */
  unread: "notifications:unread",
} as const;

export type NotificationsSubscribeAck =
  | { ok: true; unread: number }
  | { ok: false; code: string; message: string };
export const NotificationsUnreadEvent = z.object({ unread: z.number().int().min(0) });
export type NotificationsUnreadEvent = z.infer<typeof NotificationsUnreadEvent>;
