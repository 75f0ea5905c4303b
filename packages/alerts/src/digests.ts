import { type AlertsConfig, prefsOf } from "./config";
import { type Delivery, fanOut } from "./deliveries";
import { dailyPeriod, inQuietHours, wallClock, wallText, weeklyPeriod } from "./local-time";
import type { Subscriber } from "./rules";
import { type AlertMessage, type AlertsState, type DigestEntry, recipientKey } from "./state";

export const MAX_DIGEST_LINES = 100;

export function enqueueDigest(
  state: AlertsState,
  recipient: Subscriber,
  which: "daily" | "weekly",
  message: AlertMessage,
  now: number,
): void {
  const key = recipientKey(recipient);
  const current = state.digests[key] ?? { recipient, daily: [], weekly: [] };
  const entry: DigestEntry = {
    ruleId: message.ruleId,
    kind: message.kind,
    severity: message.severity,
    title: message.title,
    fingerprints: message.fingerprints,
    at: message.at,
    queuedAt: now,
  };
  state.digests[key] = { ...current, [which]: [...current[which], entry] };
}

function digestContent(which: "daily" | "weekly", entries: readonly DigestEntry[], timeZone: string) {
  const alerts = entries.filter((e) => e.kind !== "resolved").length;
  const resolved = entries.length - alerts;
  const counts = [`${alerts} alert${alerts === 1 ? "" : "s"}`, ...(resolved ? [`${resolved} resolved`] : [])];
  const listed = entries
    .slice(0, MAX_DIGEST_LINES)
    .map((e) => `${wallText(wallClock(e.at, timeZone))} ${e.severity} ${e.title}`);
  const more = entries.length > MAX_DIGEST_LINES ? [`… and ${entries.length - MAX_DIGEST_LINES} more`] : [];
  return {
    title: `${which === "daily" ? "Daily" : "Weekly"} alert digest: ${counts.join(", ")}`,
    lines: [`Times in ${timeZone}`, ...listed, ...more],
    fingerprints: [...new Set(entries.flatMap((e) => e.fingerprints))],
  };
}

/**
 * Digests whose time has come on the recipient's clock: the daily one once the local digest hour
 * has passed since its oldest entry joined, the weekly one once the local digest weekday and hour
 * have. During the recipient's quiet hours they wait for the end.
 */
export function digestDeliveries(state: AlertsState, now: number, config: AlertsConfig): Delivery[] {
  const out: Delivery[] = [];
  for (const [key, digests] of Object.entries(state.digests)) {
    const prefs = prefsOf(config, digests.recipient);
    const schedule = prefs.digest;
    const clock = wallClock(now, prefs.timeZone);
    if (inQuietHours(prefs.quietHours, clock)) continue;
    const queuedClock = (entries: readonly DigestEntry[]) =>
      entries[0] ? wallClock(entries[0].queuedAt, prefs.timeZone) : null;

    let { daily, weekly } = digests;
    const dailyFrom = queuedClock(daily);
    if (dailyFrom && dailyPeriod(clock, schedule.dailyHour) > dailyPeriod(dailyFrom, schedule.dailyHour)) {
      const content = digestContent("daily", daily, prefs.timeZone);
      out.push(
        ...fanOut(digests.recipient, { kind: "digest", severity: "MEDIUM", ruleId: null, ...content }, now),
      );
      daily = [];
    }
    const weeklyFrom = queuedClock(weekly);
    if (
      weeklyFrom &&
      weeklyPeriod(clock, schedule.weeklyDay, schedule.weeklyHour) >
        weeklyPeriod(weeklyFrom, schedule.weeklyDay, schedule.weeklyHour)
    ) {
      const content = digestContent("weekly", weekly, prefs.timeZone);
      out.push(
        ...fanOut(digests.recipient, { kind: "digest", severity: "LOW", ruleId: null, ...content }, now),
      );
      weekly = [];
    }
    if (!daily.length && !weekly.length) delete state.digests[key];
    else if (daily !== digests.daily || weekly !== digests.weekly)
      state.digests[key] = { ...digests, daily, weekly };
  }
  return out;
}
