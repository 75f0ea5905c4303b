export {
  DELIVER_JOB,
  DELIVERY_LEASE_MS,
  type DeliveryDeps,
  type DeliveryOutcome,
  deliveryJob,
} from "./deliver";
export {
  absoluteLink,
  alertComponents,
  alertIdempotencyKey,
  type DiscordButtonRow,
  type DiscordMessage,
  discordLimits,
  discordMessageFor,
  FULL_TEXT_FILE,
} from "./discord-message";
export { confirmationMessageFor, type EmailMessage, emailMessageFor } from "./email-message";
export { createNotifier, deliveryJobKey, type Notify, type NotifyResult, planDeliveries } from "./notify";
export { inQuietHours, localClock, nextDeliveryTime, type QuietHoursPrefs } from "./quiet-hours";
export { REDACTED, redactSecretShapes } from "./secret-shapes";
export { createDiscordSender, type DiscordSender, discordFailure } from "./senders/discord";
export { createMailer, type Mailer, smtpFailure } from "./senders/email";
export { createNotifyService, type NotifyService, type NotifyServiceConfig } from "./service";
export { SWEEP_JOB, SWEEP_SCHEDULE, sweepJob } from "./sweep";
export { createUnreadFeed, type UnreadFeed } from "./unread-feed";
