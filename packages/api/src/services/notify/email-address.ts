import { createHash, randomBytes, randomUUID } from "node:crypto";
import { AppError, type NotificationPreferences } from "@clustercord/contracts";
import {
  confirmEmailAddress,
  countEmailConfirmationsSince,
  deleteEmailConfirmation,
  setEmailAddress,
  toPreferencesView,
} from "@clustercord/db";
import { confirmationMessageFor } from "@clustercord/notify";
import type { ApiDeps } from "../../context";
import { clock } from "./deps";
import { getPersonPreferences } from "./preferences";

export const CONFIRMATION_TTL_HOURS = 24;
/** Confirmation mails a person may cause per hour: setEmail must not become a way to mail strangers. */
export const CONFIRMATIONS_PER_HOUR = 5;

/** Only the token's digest is stored: a database dump cannot confirm anything. */
export const tokenDigest = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Sets a person's address (unconfirmed: it gets no notification mail) and
 * mails it a single-use confirmation link; null removes the address.
 */
export async function setPersonEmail(
  deps: ApiDeps,
  userId: string,
  email: string | null,
): Promise<NotificationPreferences> {
  const now = clock(deps);
  if (email === null)
    return toPreferencesView(
      await setEmailAddress(deps.prisma, userId, null, undefined, now),
      Boolean(deps.notifications?.mailer),
    );
  const mailer = deps.notifications?.mailer;
  const publicUrl = deps.notifications?.publicUrl;
  if (!mailer || !publicUrl)
    throw new AppError("BAD_REQUEST", {
      userMessage: "Email is not set up on this ClusterCord (its operator has not configured SMTP_URL).",
    });
  const recent = await countEmailConfirmationsSince(deps.prisma, userId, new Date(now.getTime() - 3_600_000));
  if (recent >= CONFIRMATIONS_PER_HOUR)
    throw new AppError("CONFLICT", {
      userMessage: `At most ${CONFIRMATIONS_PER_HOUR} confirmation mails an hour; try again later.`,
    });
  const token = randomBytes(32).toString("base64url");
  const tokenHash = tokenDigest(token);
  const prefs = await setEmailAddress(
    deps.prisma,
    userId,
    email,
    { tokenHash, expiresAt: new Date(now.getTime() + CONFIRMATION_TTL_HOURS * 3_600_000) },
    now,
  );
  try {
    await mailer.send(
      email,
      confirmationMessageFor({
        publicUrl,
        token,
        id: randomUUID(),
        from: mailer.from,
        expiresInHours: CONFIRMATION_TTL_HOURS,
      }),
    );
  } catch (error) {
    // Never sent: it must not count against the person, and no one can hold its token.
    await deleteEmailConfirmation(deps.prisma, tokenHash);
    throw error instanceof AppError
      ? new AppError(error.code, {
          message: error.message,
          userMessage: "The confirmation mail could not be sent; check the address or try again shortly.",
        })
      : error;
  }
  return toPreferencesView(prefs, true);
}

const refusals = {
  unknown:
    "That confirmation link is not valid for you. Sign in as the person who asked for it, or ask for a new one.",
  used: "That confirmation link was already used.",
  expired: "That confirmation link has expired; ask for a new one.",
  superseded: "That link was for an address you have since changed; confirm the newest one.",
} as const;

/** Confirms the address a link was sent for: once, in time, by the person who asked for it. */
export async function confirmPersonEmail(
  deps: ApiDeps,
  userId: string,
  token: string,
): Promise<NotificationPreferences> {
  const outcome = await confirmEmailAddress(deps.prisma, {
    tokenHash: tokenDigest(token),
    userId,
    now: clock(deps),
  });
  if (outcome !== "confirmed")
    throw new AppError(outcome === "unknown" ? "NOT_FOUND" : "CONFLICT", { userMessage: refusals[outcome] });
  return getPersonPreferences(deps, userId);
}
