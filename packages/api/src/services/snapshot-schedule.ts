/** When a snapshot schedule runs next: a day or a week after `from` (a late sweep never runs twice to catch up). */
const PERIOD_MS = { daily: 24 * 3_600_000, weekly: 7 * 24 * 3_600_000 } as const;

export function nextScheduledRun(every: "daily" | "weekly", from: Date, now: Date = from): Date {
  let next = from.getTime() + PERIOD_MS[every];
  // Missed runs (the server was down) are not made up: the next is in the future.
  while (next <= now.getTime()) next += PERIOD_MS[every];
  return new Date(next);
}
