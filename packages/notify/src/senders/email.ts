import { AppError } from "@clustercord/contracts";
import nodemailer from "nodemailer";
import type { EmailMessage } from "../email-message";

export interface Mailer {
  readonly from: string;
  send(to: string, message: EmailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * A failed SMTP send as an AppError: a 5xx answer is permanent (no retry),
 * anything else (4xx, no connection) is retried. The message names the SMTP
 * code only: server answers may quote the recipient's address.
 */
export function smtpFailure(error: unknown): AppError {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e.responseCode === "number" && e.responseCode >= 500)
    return new AppError("BAD_REQUEST", {
      message: `SMTP refused the mail permanently (${e.responseCode})`,
      userMessage: "The mail server refused that message.",
    });
  const what = typeof e.responseCode === "number" ? String(e.responseCode) : (e.code ?? "no answer");
  return new AppError("UPSTREAM", {
    message: `SMTP did not take the mail (${what})`,
    userMessage: "The mail server did not answer; try again shortly.",
  });
}

/** Mail over SMTP with nodemailer: smtps:// is TLS from the start, smtp:// upgrades with STARTTLS when offered. */
export function createMailer(options: { url: string; from: string; timeoutMs?: number }): Mailer {
  const timeout = options.timeoutMs ?? 20_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    from: options.from,
    async send(to, message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to,
          subject: message.subject,
          text: message.text,
          messageId: message.messageId,
          headers: message.headers,
        });
        return { messageId: String(info.messageId ?? message.messageId) };
      } catch (error) {
        throw smtpFailure(error);
      }
    },
    close: () => transport.close(),
  };
}
