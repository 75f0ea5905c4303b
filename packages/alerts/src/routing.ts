import type { Severity } from "@clustercord/contracts";
import type { RecipientPrefs } from "./config";
import { inBusinessHours, inQuietHours, type WallClock } from "./local-time";
import type { MessageKind } from "./state";

/** What happens to a message for one recipient at one moment. */
export type Route = "now" | "hold" | "daily" | "weekly";

/**
 * The guide's severities, on the recipient's wall clock: CRITICAL always goes at once; anything else
 * waits out quiet hours first; then HIGH goes during business hours (a "resolved" for it at once, since
 * the alert already reached them), MEDIUM joins the daily digest and LOW the weekly one.
 */
export function route(kind: MessageKind, severity: Severity, prefs: RecipientPrefs, clock: WallClock): Route {
  if (severity === "CRITICAL") return "now";
  if (inQuietHours(prefs.quietHours, clock)) return "hold";
  if (severity === "HIGH")
    return kind === "resolved" || inBusinessHours(prefs.businessHours, clock) ? "now" : "hold";
  return severity === "MEDIUM" ? "daily" : "weekly";
}
