import { z } from "zod";

// Email settings, parsed once by every process that sends notifications
// (apps/web/src/server/env.ts and apps/jobs/src/env.ts spread these).
// Messages never echo a value: the SMTP URL may carry a password.

const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema);

export const smtpUrlSetting = z
  .string()
  .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// (STARTTLS when offered) or smtps:// (TLS) URL")
  .refine((value) => URL.canParse(value), "must be an smtp:// or smtps:// URL");

/** "Name <address>" or a bare address. */
export const smtpFromSetting = z
  .string()
  .max(320)
  .regex(
    /^(?:[^<>\r\n]{1,100} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
    "must be an address, or a name and an address: ClusterCord <clustercord@example.com>",
  );

export const notifySettings = {
  /** Email delivery (and address confirmation) when set: smtp[s]://[user:password@]host[:port]. */
  SMTP_URL: unsetIfEmpty(smtpUrlSetting.optional()),
  /** The sender of every mail. */
  SMTP_FROM: unsetIfEmpty(smtpFromSetting.default("ClusterCord <clustercord@localhost>")),
};

/** The mail settings as the notify service takes them (null: email is not available). */
export function smtpConfig(env: { SMTP_URL?: string | undefined; SMTP_FROM: string }) {
  return env.SMTP_URL ? { url: env.SMTP_URL, from: env.SMTP_FROM } : null;
}
