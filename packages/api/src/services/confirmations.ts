import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "@clustercord/contracts";

/**
 * Destructive actions are two steps: a plan returns a short-lived token bound
 * to the action, its target, the person and the guild; only the same person
 * can confirm the same action on the same target before it expires. The token
 * is an expiry plus an HMAC, short enough for a Discord button's custom id.
 */
export interface ConfirmationSubject {
  action: string;
  target: string;
  userId: string;
  guildId: string;
}

export const CONFIRMATION_TTL_MS = 2 * 60_000;

const mac = (key: Buffer, subject: ConfirmationSubject, expires: string) =>
  createHmac("sha256", key)
    .update([subject.action, subject.target, subject.userId, subject.guildId, expires].join("\n"))
    .digest()
    .subarray(0, 16);

export function issueConfirmation(key: Buffer, subject: ConfirmationSubject, now = Date.now()) {
  const expiresAt = now + CONFIRMATION_TTL_MS;
  const expires = expiresAt.toString(36);
  return {
    token: `${expires}.${mac(key, subject, expires).toString("base64url")}`,
    expiresAt: new Date(expiresAt),
  };
}

export function verifyConfirmation(
  key: Buffer,
  token: string,
  subject: ConfirmationSubject,
  now = Date.now(),
): void {
  const [expires, signature] = token.split(".");
  const given = Buffer.from(signature ?? "", "base64url");
  const expected = expires ? mac(key, subject, expires) : Buffer.alloc(16);
  if (!expires || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError("FORBIDDEN", {
      userMessage: "That confirmation is not valid for this action; start again.",
    });
  }
  if (Number.parseInt(expires, 36) < now) {
    throw new AppError("BAD_REQUEST", { userMessage: "That confirmation expired; start again." });
  }
}
