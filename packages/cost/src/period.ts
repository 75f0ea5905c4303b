import { AppError, type BudgetPeriod, type CostPeriod } from "@clustercord/contracts";

/** A half-open span of time [from, to). */
export interface Span {
  from: Date;
  to: Date;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** The longest custom period: 400 days, the rollups' retention. */
export const MAX_CUSTOM_DAYS = 400;

const startOfUtcDay = (t: Date) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));

/**
 * The calendar period (UTC) that holds `now`: the day from 00:00, the ISO
 * week from Monday 00:00, the month from the 1st. Budgets and the named
 * periods use the same calendar so "this month" means the same in both.
 */
export function calendarPeriod(kind: BudgetPeriod, now: Date): Span {
  const day = startOfUtcDay(now);
  if (kind === "day") return { from: day, to: new Date(day.getTime() + DAY_MS) };
  if (kind === "week") {
    const sinceMonday = (day.getUTCDay() + 6) % 7;
    const from = new Date(day.getTime() - sinceMonday * DAY_MS);
    return { from, to: new Date(from.getTime() + 7 * DAY_MS) };
  }
  return {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

const badPeriod = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });

/**
 * The span a request covers: day/week/month are the current calendar
 * period in UTC up to `now` ("to date"); custom is [from, to) as given, from
 * before to, at most 400 days, not starting in the future.
 */
export function resolvePeriod(period: CostPeriod, now: Date): Span {
  if (period.kind !== "custom") return { from: calendarPeriod(period.kind, now).from, to: now };
  const from = new Date(period.from);
  const to = new Date(period.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw badPeriod("The period's from and to must be ISO date-times.");
  if (from >= to) throw badPeriod(`The period's from (${period.from}) must be before its to (${period.to}).`);
  if (to.getTime() - from.getTime() > MAX_CUSTOM_DAYS * DAY_MS)
    throw badPeriod(`A custom period is at most ${MAX_CUSTOM_DAYS} days long.`);
  if (from > now) throw badPeriod("The period starts in the future; there is no usage there yet.");
  return { from, to };
}

/** The same-length span just before, for the trend. */
export function previousSpan(span: Span): Span {
  const length = span.to.getTime() - span.from.getTime();
  return { from: new Date(span.from.getTime() - length), to: span.from };
}

/** Percent change from `before` to `now`; null when there was nothing before. */
export function changePct(now: number, before: number): number | null {
  if (before <= 0) return null;
  return ((now - before) / before) * 100;
}

/** UTC days [from, to) touches, as YYYY-MM-DD. */
export function daysOf(span: Span): string[] {
  const days: string[] = [];
  for (let t = startOfUtcDay(span.from).getTime(); t < span.to.getTime(); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The hour starts in [from, to), the buckets of the rollups. */
export function hoursOf(span: Span): Date[] {
  const hours: Date[] = [];
  const first = Math.floor(span.from.getTime() / HOUR_MS) * HOUR_MS;
  for (let t = first; t < span.to.getTime(); t += HOUR_MS) hours.push(new Date(t));
  return hours;
}
