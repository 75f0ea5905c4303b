import type { QuietHours } from "@clustercord/contracts";
import type { BusinessHours, Weekday } from "./config";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A moment read on a wall clock: `wall` is that clock's date and time written as if it were UTC. */
export interface WallClock {
  wall: number;
  minuteOfDay: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * A zone Intl does not know (the edge validates, but stored settings may predate a runtime's zone
 * data) reads as UTC rather than stopping every recipient's alerts.
 */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: knownZone(timeZone),
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function knownZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** The wall clock in `timeZone` (IANA, through Intl, so daylight-saving days follow the zone's rules). */
export function wallClock(at: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  const hour = parts.hour ?? 0;
  const minute = parts.minute ?? 0;
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, hour, minute);
  return { wall, minuteOfDay: hour * 60 + minute, weekday: new Date(wall).getUTCDay() as Weekday };
}

export const minutesOf = (time: string): number => {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether the minute falls in [start, end); a window whose end is before its start wraps past midnight. */
export function inWindow(window: { start: string; end: string }, minuteOfDay: number): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

export const inQuietHours = (quiet: QuietHours | null, clock: WallClock): boolean =>
  quiet !== null && inWindow(quiet, clock.minuteOfDay);

/** Business hours on their own weekday: a window past midnight belongs to the day it starts on. */
export function inBusinessHours(hours: BusinessHours, clock: WallClock): boolean {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start < end) return hours.days.includes(clock.weekday) && inWindow(hours, clock.minuteOfDay);
  if (clock.minuteOfDay >= start) return hours.days.includes(clock.weekday);
  if (clock.minuteOfDay < end) return hours.days.includes(((clock.weekday + 6) % 7) as Weekday);
  return false;
}

/**
 * Which daily digest period a moment falls in: the count of local `hour`:00 boundaries since the epoch.
 * A digest is due once this number moves past the one its oldest entry was queued in. Read on the wall
 * clock, so a boundary the clock skips (spring forward) is passed when the clock jumps over it, and a
 * boundary inside a repeated hour (fall back) is passed once.
 */
export const dailyPeriod = (clock: WallClock, hour: number): number =>
  Math.floor((clock.wall - hour * HOUR) / DAY);

/** The weekly counterpart: boundaries at `weekday` `hour`:00 local. The wall epoch fell on a Thursday. */
export const weeklyPeriod = (clock: WallClock, weekday: Weekday, hour: number): number =>
  Math.floor((clock.wall - (((weekday - 4 + 7) % 7) * DAY + hour * HOUR)) / (7 * DAY));

/** "2026-11-30 14:05" on the recipient's wall clock, for digest lines. */
export const wallText = (clock: WallClock): string =>
  new Date(clock.wall).toISOString().slice(0, 16).replace("T", " ");
