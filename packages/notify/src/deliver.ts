import { AppError, type DeliveryChannel } from "@clustercord/contracts";
import {
  claimDelivery,
  findPreferences,
  finishDelivery,
  type NotificationRow,
  type PrismaClient,
} from "@clustercord/db";
import { defineJob } from "@clustercord/jobs";
import type { Metrics } from "@clustercord/telemetry";
import { z } from "zod";
import { discordMessageFor } from "./discord-message";
import { emailMessageFor } from "./email-message";
import type { DiscordSender } from "./senders/discord";
import type { Mailer } from "./senders/email";

export const DELIVER_JOB = "notify.deliver";

/** How long an attempt's claim holds: an older one is taken to have crashed. */
export const DELIVERY_LEASE_MS = 2 * 60_000;
/** A run this much before its time (clocks of two machines) waits and retries instead of leaving it to the sweep. */
const EARLY_TOLERANCE_MS = 60_000;

export interface DeliveryDeps {
  prisma: PrismaClient;
  discord: DiscordSender;
  mailer: Mailer | null;
  publicUrl: string;
  now?: () => Date;
  /** Sent and failed deliveries are counted here, by channel, when given. */
  metrics?: Metrics;
}

export type DeliveryOutcome =
  | { outcome: "sent"; channel: DeliveryChannel }
  | { outcome: "skipped"; channel: DeliveryChannel; why: string }
  | { outcome: "already-done" }
  | { outcome: "not-due" }
  | { outcome: "missing" };

type Send = () => Promise<"sent" | { skipped: string }>;

/** What sending this delivery means, on its channel, with the person's preferences as they are now. */
async function sendFor(
  deps: DeliveryDeps,
  channel: DeliveryChannel,
  notification: NotificationRow,
  deliveryId: string,
): Promise<Send> {
  const discord = () =>
    discordMessageFor(notification, {
      publicUrl: deps.publicUrl,
      nonce: deliveryId,
      at: notification.createdAt,
    });
  if (channel === "discord_channel") {
    const channelId = notification.channelId;
    if (!channelId) return async () => ({ skipped: "no channel" });
    return async () => {
      await deps.discord.postToChannel(channelId, discord());
      return "sent";
    };
  }
  const userId = notification.userId;
  if (!userId) return async () => ({ skipped: "no recipient" });
  // Held deliveries go out hours later: the person may have switched the channel off meanwhile.
  const prefs = await findPreferences(deps.prisma, userId);
  if (channel === "discord_dm") {
    if (!prefs.discordDm) return async () => ({ skipped: "Discord DMs are off" });
    return async () => {
      await deps.discord.sendDm(userId, discord());
      return "sent";
    };
  }
  if (channel === "email") {
    const address = prefs.email && prefs.emailConfirmedAt ? prefs.emailAddress : null;
    if (!address) return async () => ({ skipped: "no confirmed address, or email is off" });
    const mailer = deps.mailer;
    if (!mailer) return async () => ({ skipped: "email is not set up (SMTP_URL)" });
    return async () => {
      await mailer.send(
        address,
        emailMessageFor(notification, { publicUrl: deps.publicUrl, deliveryId, from: mailer.from }),
      );
      return "sent";
    };
  }
  return async () => ({ skipped: "the web center needs no sending" });
}

/**
 * Delivers one channel of one notification. The Delivery row is claimed
 * before sending (a sent or claimed one is left alone) and its outcome is
 * written right after, so a retried or repeated job never sends twice.
 */
export function deliveryJob(deps: DeliveryDeps) {
  const now = deps.now ?? (() => new Date());
  return defineJob({
    name: DELIVER_JOB,
    payload: z.object({ deliveryId: z.string().min(1).max(64) }).strict(),
    retries: 6,
    backoff: { type: "exponential", delayMs: 5_000, maxDelayMs: 10 * 60_000 },
    concurrency: 5,
    async run({ deliveryId }, { log }): Promise<DeliveryOutcome> {
      const at = now();
      const claim = await claimDelivery(deps.prisma, deliveryId, { now: at, leaseMs: DELIVERY_LEASE_MS });
      if (claim.state === "missing") return { outcome: "missing" };
      if (claim.state === "done") return { outcome: "already-done" };
      if (claim.state === "busy") throw new Error(`delivery ${deliveryId}: another attempt is sending it`);
      if (claim.state === "early") {
        const wait = claim.delivery.notBefore.getTime() - at.getTime();
        if (claim.delivery.status !== "failed" && wait > 0 && wait <= EARLY_TOLERANCE_MS)
          throw new Error(`delivery ${deliveryId}: not due for ${Math.ceil(wait / 1000)} s`);
        return { outcome: "not-due" }; // the sweep takes it when it is due
      }
      const { delivery, notification } = claim;
      const finish = (status: "sent" | "skipped" | "failed", error?: string) =>
        finishDelivery(deps.prisma, deliveryId, {
          status,
          at: now(),
          claimedAt: at,
          ...(error !== undefined ? { error } : {}),
        });
      let result: Awaited<ReturnType<Send>>;
      try {
        const send = await sendFor(deps, delivery.channel, notification, deliveryId);
        result = await send();
      } catch (error) {
        const app =
          error instanceof AppError
            ? error
            : new AppError("UPSTREAM", {
                message: `sending failed (${(error as Error).name})`,
                cause: error,
              });
        await finish("failed", app.message);
        deps.metrics?.notificationsFailed.inc({ channel: delivery.channel });
        log.warn(
          { deliveryId, channel: delivery.channel, error: app.message },
          "notification delivery failed",
        );
        throw app;
      }
      if (result === "sent") {
        await finish("sent");
        deps.metrics?.notificationsSent.inc({ channel: delivery.channel });
        log.info({ deliveryId, channel: delivery.channel }, "notification sent");
        return { outcome: "sent", channel: delivery.channel };
      }
      await finish("skipped", result.skipped);
      return { outcome: "skipped", channel: delivery.channel, why: result.skipped };
    },
  });
}
