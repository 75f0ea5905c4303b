import type {
  DeliveryChannel,
  DeliveryStatus,
  NotificationItem,
  NotificationPreferences,
  NotificationSeverity,
} from "@clustercord/contracts";
import type { Prisma, PrismaClient } from "./generated/client";

// ---------------------------------------------------------------- notifications

export interface NewNotification {
  /** "user:<id>" or "channel:<id>": idempotency keys are unique per recipient. */
  recipient: string;
  idempotencyKey: string;
  userId: string | null;
  guildId: string | null;
  channelId: string | null;
  title: string;
  body: string;
  severity: NotificationSeverity;
  link: string | null;
  deliveries: { channel: DeliveryChannel; status: DeliveryStatus; notBefore: Date; sentAt?: Date }[];
}

export interface DeliveryRow {
  id: string;
  notificationId: string;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  notBefore: Date;
  claimedAt: Date | null;
  sentAt: Date | null;
  lastError: string | null;
}

export interface NotificationRow {
  id: string;
  recipient: string;
  idempotencyKey: string;
  userId: string | null;
  guildId: string | null;
  channelId: string | null;
  title: string;
  body: string;
  severity: NotificationSeverity;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

const asDelivery = (row: Prisma.NotificationDeliveryGetPayload<object>): DeliveryRow => ({
  id: row.id,
  notificationId: row.notificationId,
  channel: row.channel as DeliveryChannel,
  status: row.status as DeliveryStatus,
  attempts: row.attempts,
  notBefore: row.notBefore,
  claimedAt: row.claimedAt,
  sentAt: row.sentAt,
  lastError: row.lastError,
});

const asNotification = (row: Prisma.NotificationGetPayload<object>): NotificationRow => ({
  ...row,
  severity: row.severity as NotificationSeverity,
});

/**
 * Stores a notification and its deliveries, once per recipient and key: a
 * repeated call (even a concurrent one) returns the stored one with
 * `created: false`. No transaction (PGlite serves concurrent transactions
 * poorly): the row is one insert that skips a duplicate, and its deliveries are added with
 * skipDuplicates, also by a repeat that finds a row without any (its
 * creator crashed in between), so every notification ends up with them.
 */
export async function createNotification(
  prisma: PrismaClient,
  data: NewNotification,
): Promise<{ notification: NotificationRow; deliveries: DeliveryRow[]; created: boolean }> {
  const key = { recipient: data.recipient, idempotencyKey: data.idempotencyKey };
  // ON CONFLICT DO NOTHING: a repeat is no error (an error amid concurrent queries upsets PGlite's socket).
  const { count } = await prisma.notification.createMany({
    data: [
      {
        ...key,
        userId: data.userId,
        guildId: data.guildId,
        channelId: data.channelId,
        title: data.title,
        body: data.body,
        severity: data.severity,
        link: data.link,
      },
    ],
    skipDuplicates: true,
  });
  const created = count === 1;
  const row = await prisma.notification.findUniqueOrThrow({ where: { recipient_idempotencyKey: key } });
  const notificationId = row.id;
  const existing = created ? 0 : await prisma.notificationDelivery.count({ where: { notificationId } });
  if (existing === 0)
    await prisma.notificationDelivery.createMany({
      data: data.deliveries.map((d) => ({ ...d, notificationId })),
      skipDuplicates: true,
    });
  const deliveries = await prisma.notificationDelivery.findMany({
    where: { notificationId },
    orderBy: { createdAt: "asc" },
  });
  const order = (channel: string) => data.deliveries.findIndex((d) => d.channel === channel);
  return {
    notification: asNotification(row),
    deliveries: deliveries.map(asDelivery).sort((a, b) => order(a.channel) - order(b.channel)),
    created,
  };
}

/** A person's notifications, newest first, keyset-paginated by id (cuids grow with time). */
export async function listNotifications(
  prisma: PrismaClient,
  options: { userId: string; limit: number; cursor?: string | undefined; unreadOnly?: boolean },
): Promise<{ items: NotificationItem[]; nextCursor: string | null }> {
  const rows = await prisma.notification.findMany({
    where: {
      userId: options.userId,
      ...(options.unreadOnly ? { readAt: null } : {}),
      ...(options.cursor ? { id: { lt: options.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: options.limit + 1,
    include: { deliveries: { select: { channel: true, status: true }, orderBy: { channel: "asc" } } },
  });
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      title: row.title,
      body: row.body,
      severity: row.severity as NotificationSeverity,
      link: row.link,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
      deliveries: row.deliveries.map((d) => ({
        channel: d.channel as DeliveryChannel,
        status: d.status as DeliveryStatus,
      })),
    })),
    nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function countUnreadNotifications(prisma: PrismaClient, userId: string): Promise<number> {
  return prisma.notification.count({ where: { userId, readAt: null } });
}

/** Marks a person's own notifications read (ids of anyone else's match nothing); returns how many changed. */
export async function markNotificationsRead(
  prisma: PrismaClient,
  userId: string,
  which: { ids: string[] } | { all: true },
  at: Date = new Date(),
): Promise<number> {
  const { count } = await prisma.notification.updateMany({
    where: { userId, readAt: null, ...("ids" in which ? { id: { in: which.ids } } : {}) },
    data: { readAt: at },
  });
  return count;
}

// ---------------------------------------------------------------- deliveries

export async function findDelivery(
  prisma: PrismaClient,
  id: string,
): Promise<{ delivery: DeliveryRow; notification: NotificationRow } | null> {
  const row = await prisma.notificationDelivery.findUnique({
    where: { id },
    include: { notification: true },
  });
  if (!row) return null;
  const { notification, ...delivery } = row;
  return { delivery: asDelivery(delivery), notification: asNotification(notification) };
}

export type DeliveryClaim =
  | { state: "claimed"; delivery: DeliveryRow; notification: NotificationRow }
  /** Sent or skipped already: nothing to do, ever. */
  | { state: "done"; delivery: DeliveryRow }
  /** Another attempt holds a fresh claim. */
  | { state: "busy"; delivery: DeliveryRow }
  /** Not due yet (quiet hours). */
  | { state: "early"; delivery: DeliveryRow }
  | { state: "missing" };

/**
 * Takes a delivery for one attempt, atomically: only a due delivery that is
 * pending, held, failed, or claimed by an attempt older than `leaseMs` (one
 * that crashed) can be taken, so two runs never send the same one at once.
 */
export async function claimDelivery(
  prisma: PrismaClient,
  id: string,
  options: { now: Date; leaseMs: number },
): Promise<DeliveryClaim> {
  const staleBefore = new Date(options.now.getTime() - options.leaseMs);
  const { count } = await prisma.notificationDelivery.updateMany({
    where: {
      id,
      notBefore: { lte: options.now },
      OR: [
        { status: { in: ["pending", "held", "failed"] } },
        { status: "sending", claimedAt: { lt: staleBefore } },
      ],
    },
    data: { status: "sending", claimedAt: options.now, attempts: { increment: 1 } },
  });
  const found = await findDelivery(prisma, id);
  if (!found) return { state: "missing" };
  if (count === 1) return { state: "claimed", ...found };
  const { delivery } = found;
  if (delivery.status === "sent" || delivery.status === "skipped") return { state: "done", delivery };
  if (delivery.status === "sending") return { state: "busy", delivery };
  return { state: "early", delivery };
}

/** The outcome of a claimed attempt, written right after it (only while the claim is still this attempt's). */
export async function finishDelivery(
  prisma: PrismaClient,
  id: string,
  outcome: { status: "sent" | "skipped" | "failed"; at: Date; claimedAt: Date | null; error?: string },
): Promise<void> {
  await prisma.notificationDelivery.updateMany({
    where: { id, status: "sending", claimedAt: outcome.claimedAt },
    data: {
      status: outcome.status,
      claimedAt: null,
      ...(outcome.status === "sent" ? { sentAt: outcome.at, lastError: null } : {}),
      ...(outcome.error !== undefined ? { lastError: outcome.error.slice(0, 300) } : {}),
    },
  });
}

/**
 * Deliveries whose job should have run by now but may have been lost (the
 * embedded runner keeps pending jobs in memory): due pending/held ones, and
 * claims older than the lease (a crashed attempt).
 */
export async function findOverdueDeliveries(
  prisma: PrismaClient,
  options: { dueBefore: Date; staleBefore: Date; limit: number },
): Promise<DeliveryRow[]> {
  const rows = await prisma.notificationDelivery.findMany({
    where: {
      channel: { not: "web" },
      OR: [
        { status: { in: ["pending", "held"] }, notBefore: { lte: options.dueBefore } },
        { status: "sending", claimedAt: { lt: options.staleBefore } },
      ],
    },
    orderBy: { notBefore: "asc" },
    take: options.limit,
  });
  return rows.map(asDelivery);
}

// ---------------------------------------------------------------- preferences

export interface PreferenceRow {
  userId: string;
  discordDm: boolean;
  email: boolean;
  emailAddress: string | null;
  emailConfirmedAt: Date | null;
  quietStart: string | null;
  quietEnd: string | null;
  timeZone: string;
}

export const defaultPreferences = (userId: string): PreferenceRow => ({
  userId,
  discordDm: true,
  email: false,
  emailAddress: null,
  emailConfirmedAt: null,
  quietStart: null,
  quietEnd: null,
  timeZone: "UTC",
});

export async function findPreferences(prisma: PrismaClient, userId: string): Promise<PreferenceRow> {
  const row = await prisma.notificationPreference.findUnique({ where: { userId } });
  if (!row) return defaultPreferences(userId);
  const { updatedAt: _, ...prefs } = row;
  return prefs;
}

export type PreferencePatch = Partial<
  Pick<PreferenceRow, "discordDm" | "email" | "quietStart" | "quietEnd" | "timeZone">
>;

export async function updatePreferences(
  prisma: PrismaClient,
  userId: string,
  patch: PreferencePatch,
): Promise<PreferenceRow> {
  const { updatedAt: _, ...row } = await prisma.notificationPreference.upsert({
    where: { userId },
    create: { ...defaultPreferences(userId), ...patch },
    update: patch,
  });
  return row;
}

/** The preferences as the procedures answer them. */
export function toPreferencesView(row: PreferenceRow, emailAvailable: boolean): NotificationPreferences {
  return {
    discordDm: row.discordDm,
    email: row.email,
    emailAddress: row.emailAddress,
    emailConfirmed: row.emailAddress !== null && row.emailConfirmedAt !== null,
    emailAvailable,
    quietHours: row.quietStart && row.quietEnd ? { start: row.quietStart, end: row.quietEnd } : null,
    timeZone: row.timeZone,
  };
}

// ---------------------------------------------------------------- email confirmation

/**
 * Sets (or with null, removes) a person's email address. A new address is
 * unconfirmed and gets no mail until confirmed; earlier unused links expire.
 */
export async function setEmailAddress(
  prisma: PrismaClient,
  userId: string,
  email: string | null,
  confirmation?: { tokenHash: string; expiresAt: Date },
  now: Date = new Date(),
): Promise<PreferenceRow> {
  return prisma.$transaction(async (tx) => {
    // Expired rather than deleted: they still count against the person's sending limit.
    await tx.emailConfirmation.updateMany({
      where: { userId, usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    const data = { emailAddress: email, emailConfirmedAt: null, ...(email === null ? { email: false } : {}) };
    const { updatedAt: _, ...row } = await tx.notificationPreference.upsert({
      where: { userId },
      create: { ...defaultPreferences(userId), ...data },
      update: data,
    });
    if (email !== null && confirmation)
      await tx.emailConfirmation.create({ data: { ...confirmation, userId, email } });
    return row;
  });
}

/** How many confirmation links a person was sent since `since` (a limit against mailing strangers). */
export async function countEmailConfirmationsSince(
  prisma: PrismaClient,
  userId: string,
  since: Date,
): Promise<number> {
  return prisma.emailConfirmation.count({ where: { userId, createdAt: { gte: since } } });
}

/** Forgets a confirmation link whose mail could not be sent (so it does not count against the person). */
export async function deleteEmailConfirmation(prisma: PrismaClient, tokenHash: string): Promise<void> {
  await prisma.emailConfirmation.deleteMany({ where: { tokenHash, usedAt: null } });
}

export type ConfirmOutcome = "confirmed" | "unknown" | "expired" | "used" | "superseded";

/**
 * Confirms the address a link was sent for, once: the link must be this
 * person's, unused, unexpired, and for the address they still have set.
 */
export async function confirmEmailAddress(
  prisma: PrismaClient,
  options: { tokenHash: string; userId: string; now: Date },
): Promise<ConfirmOutcome> {
  return prisma.$transaction(async (tx) => {
    const link = await tx.emailConfirmation.findUnique({ where: { tokenHash: options.tokenHash } });
    if (!link || link.userId !== options.userId) return "unknown";
    if (link.usedAt) return "used";
    if (link.expiresAt <= options.now) return "expired";
    const used = await tx.emailConfirmation.updateMany({
      where: { tokenHash: options.tokenHash, usedAt: null },
      data: { usedAt: options.now },
    });
    if (used.count !== 1) return "used";
    const confirmed = await tx.notificationPreference.updateMany({
      where: { userId: options.userId, emailAddress: link.email },
      data: { emailConfirmedAt: options.now },
    });
    return confirmed.count === 1 ? "confirmed" : "superseded";
  });
}
