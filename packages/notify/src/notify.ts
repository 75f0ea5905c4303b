import {
  AppError,
  type DeliveryChannel,
  type DeliveryStatus,
  type NotifyInput as NotifyCall,
  NotifyInput,
} from "@clustercord/contracts";
import {
  createNotification,
  findPreferences,
  type NewNotification,
  type PrismaClient,
} from "@clustercord/db";
import type { JobRunner } from "@clustercord/jobs";
import { defaultLogger, type Logger } from "@clustercord/telemetry";
import type { deliveryJob } from "./deliver";
import { nextDeliveryTime } from "./quiet-hours";
import { redactSecretShapes } from "./secret-shapes";
import type { UnreadFeed } from "./unread-feed";

export interface NotifyResult {
  notificationId: string;
  /** True when this recipient already had a notification with this key: nothing new was stored or sent. */
  deduplicated: boolean;
  deliveries: { id: string; channel: DeliveryChannel; status: DeliveryStatus; notBefore: Date }[];
  /** Kinds of secret-shaped text that were blanked (never the text itself). */
  redacted: string[];
}

export interface NotifierDeps {
  prisma: PrismaClient;
  feed: UnreadFeed;
  /** Whether mail can be sent (SMTP configured): without it no email delivery is planned. */
  emailAvailable: boolean;
  now?: () => Date;
  /** Where blanked secret-shaped text is reported (the kinds, never the text); default: JSON to stdout. */
  log?: Logger;
}

export type Notify = (input: NotifyCall) => Promise<NotifyResult>;

/**
 * Runs calls for one key one after another in this process. Across processes
 * the database's unique key decides; within one it spares the embedded
 * database (PGlite, one session for every connection) racing inserts.
 */
function keyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => {});
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}

/** The idempotency key of one channel's delivery job: the caller's key, scoped to the recipient. */
export const deliveryJobKey = (recipient: string, key: string, channel: DeliveryChannel) =>
  `${recipient}:${key}:${channel}`;

/** Plans which channels a notification goes to, and when (pure: preferences and clock in, rows out). */
export function planDeliveries(
  target: { kind: "person"; prefs: Awaited<ReturnType<typeof findPreferences>> } | { kind: "channel" },
  options: {
    now: Date;
    severity: NotifyCall["severity"];
    emailAvailable: boolean;
    sensitive?: boolean;
    sendNow?: boolean;
    pushChannels?: readonly ("discord_dm" | "email")[];
  },
): NewNotification["deliveries"] {
  const { now } = options;
  if (target.kind === "channel") return [{ channel: "discord_channel", status: "pending", notBefore: now }];
  const { prefs } = target;
  const quiet = {
    quietHours: prefs.quietStart && prefs.quietEnd ? { start: prefs.quietStart, end: prefs.quietEnd } : null,
    timeZone: prefs.timeZone,
  };
  const when = options.sendNow ? now : nextDeliveryTime(quiet, now, options.severity);
  const wanted = (channel: "discord_dm" | "email") =>
    !options.pushChannels || options.pushChannels.includes(channel);
  const pushed = (channel: DeliveryChannel) => ({
    channel,
    status: (when > now ? "held" : "pending") as DeliveryStatus,
    notBefore: when,
  });
  return [
    // The web center is the stored row itself: delivered as it is written, never held.
    { channel: "web", status: "sent", notBefore: now, sentAt: now },
    ...(prefs.discordDm && wanted("discord_dm") ? [pushed("discord_dm")] : []),
    ...(wanted("email") &&
    options.emailAvailable &&
    !options.sensitive &&
    prefs.email &&
    prefs.emailAddress &&
    prefs.emailConfirmedAt
      ? [pushed("email")]
      : []),
  ];
}

/**
 * notify(): stores the notification (the web center reads these; one per
 * recipient and idempotency key), then enqueues one delivery job per push
 * channel, delayed past the person's quiet hours unless it is critical.
 */
export function createNotifier(
  deps: NotifierDeps & { runner: () => JobRunner; job: () => ReturnType<typeof deliveryJob> },
): Notify {
  const now = deps.now ?? (() => new Date());
  const oneAtATime = keyedQueue();
  return async (raw) => {
    const parsed = NotifyInput.safeParse(raw);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
      throw new AppError("INTERNAL", {
        message: `notify() was called with invalid input: ${fields.join("; ")}`,
      });
    }
    const input = parsed.data;
    const title = redactSecretShapes(input.title);
    // A sensitive body is meant for its one reader (the schema allows it for a person only).
    const body = input.sensitive ? { text: input.body, found: [] } : redactSecretShapes(input.body);
    const link = input.link ? redactSecretShapes(input.link) : null;
    const redacted = [...new Set([...title.found, ...body.found, ...(link?.found ?? [])])];
    if (redacted.length)
      (deps.log ?? defaultLogger()).warn(
        { blanked: redacted, idempotencyKey: input.idempotencyKey },
        "notify: blanked secret-shaped text",
      );

    const at = now();
    const person = "userId" in input.to ? input.to.userId : null;
    const recipient = person
      ? `user:${person}`
      : `channel:${"channelId" in input.to ? input.to.channelId : ""}`;
    const deliveries = planDeliveries(
      person ? { kind: "person", prefs: await findPreferences(deps.prisma, person) } : { kind: "channel" },
      {
        now: at,
        severity: input.severity,
        emailAvailable: deps.emailAvailable,
        sensitive: input.sensitive,
        sendNow: input.sendNow,
        pushChannels: input.pushChannels,
      },
    );
    const stored = await oneAtATime(`${recipient}\n${input.idempotencyKey}`, () =>
      createNotification(deps.prisma, {
        recipient,
        idempotencyKey: input.idempotencyKey,
        userId: person,
        guildId: "guildId" in input.to ? input.to.guildId : null,
        channelId: "channelId" in input.to ? input.to.channelId : null,
        title: title.text,
        body: body.text,
        severity: input.severity,
        link: link?.text ?? null,
        deliveries,
      }),
    );
    if (stored.created && person) deps.feed.publish(person);
    // A repeated call enqueues what is still waiting again: harmless (the job key and the
    // Delivery row hold), and it finishes the work of a caller that crashed after storing.
    for (const delivery of stored.deliveries) {
      if (delivery.status !== "pending" && delivery.status !== "held") continue;
      await deps.runner().enqueue(
        deps.job(),
        { deliveryId: delivery.id },
        {
          idempotencyKey: deliveryJobKey(recipient, input.idempotencyKey, delivery.channel),
          delayMs: Math.max(0, delivery.notBefore.getTime() - at.getTime()),
        },
      );
    }
    return {
      notificationId: stored.notification.id,
      deduplicated: !stored.created,
      deliveries: stored.deliveries.map((d) => ({
        id: d.id,
        channel: d.channel,
        status: d.status,
        notBefore: d.notBefore,
      })),
      redacted,
    };
  };
}
