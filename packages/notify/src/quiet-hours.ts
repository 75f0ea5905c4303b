import type { NotificationSeverity, QuietHours } from "@clustercord/contracts";

/** What quiet hours need of a person's preferences. */
export interface QuietHoursPrefs {
  quietHours: QuietHours | null;
  /** IANA time zone the quiet hours are read in. */
  timeZone: string;
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

const toMinutes = (time: string) => {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in `timeZone` at `at`: minute of the day, and the zone's offset from UTC in minutes. */
export function localClock(at: Date, timeZone: string): { minuteOfDay: number; offsetMinutes: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const whole = Math.floor(at.getTime() / 1000) * 1000;
  return {
    minuteOfDay: (parts.hour ?? 0) * 60 + (parts.minute ?? 0),
    offsetMinutes: Math.round((wall - whole) / MINUTE),
  };
}

/** Whether the wall-clock minute falls in [start, end), a window that may wrap past midnight. */
export function inQuietHours(quiet: QuietHours, minuteOfDay: number): boolean {
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/**
 * When a notification may reach this person's phone: now, unless it is not
 * critical and now is inside their quiet hours (read on their wall clock in
 * their time zone), then the first moment those end. Critical ones always go
 * at once. Daylight-saving changes are followed: an end time the clock skips
 * (spring forward) ends quiet hours when the clock jumps past it; an end
 * time the clock passes twice (fall back) ends them the first time.
 */
export function nextDeliveryTime(prefs: QuietHoursPrefs, now: Date, severity: NotificationSeverity): Date {
  const quiet = prefs.quietHours;
  if (severity === "critical" || !quiet) return now;
  const quietAt = (at: Date) => inQuietHours(quiet, localClock(at, prefs.timeZone).minuteOfDay);
  const here = localClock(now, prefs.timeZone);
  if (!inQuietHours(quiet, here.minuteOfDay)) return now;

  // Wall-clock minutes until the end, then corrected for an offset change on the way.
  const wait = (toMinutes(quiet.end) - here.minuteOfDay + DAY_MINUTES) % DAY_MINUTES;
  const minuteStart = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const naive = minuteStart + wait * MINUTE;
  let end = naive + (here.offsetMinutes - localClock(new Date(naive), prefs.timeZone).offsetMinutes) * MINUTE;
  if (!quietAt(new Date(end))) {
    // Step back while the minute before is also outside (the correction overshot a repeated hour).
    while (end - MINUTE > now.getTime() && !quietAt(new Date(end - MINUTE))) end -= MINUTE;
    return new Date(end);
  }
  // The end time does not exist today (skipped by a spring-forward): the first minute outside quiet
  // hours lies between `end` (still quiet) and the uncorrected time (past the jump); find it by halving.
  let quietMinute = end;
  let freeMinute = Math.max(naive, end + MINUTE);
  while (quietAt(new Date(freeMinute))) freeMinute += 60 * MINUTE; // never more than an offset change
  while (freeMinute - quietMinute > MINUTE) {
    const mid = quietMinute + Math.floor((freeMinute - quietMinute) / MINUTE / 2) * MINUTE;
    if (quietAt(new Date(mid))) quietMinute = mid;
    else freeMinute = mid;
  }
  return new Date(freeMinute);
}
