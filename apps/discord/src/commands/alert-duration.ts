import { UserError } from "../user-error";

const MAX_MUTE_MINUTES = 30 * 24 * 60;

const UNITS: Record<string, number> = { m: 1, h: 60, d: 24 * 60 };
export const DURATION_HELP =
  "say how long as minutes, hours or days, e.g. 30m, 2h, 1d or 1h30m (at most 30d)";

/** "30m", "2h", "1d", "1h30m" → whole minutes; a clear UserError for anything else. */
export function parseDuration(text: string): number {
  const clean = text.trim().toLowerCase().replace(/\s+/g, "");
  if (!/^(\d{1,5}[mhd])+$/.test(clean)) throw new UserError(`duration "${text.trim()}": ${DURATION_HELP}.`);
  let minutes = 0;
  for (const [, n, unit] of clean.matchAll(/(\d+)([mhd])/g)) minutes += Number(n) * (UNITS[unit ?? "m"] ?? 1);
  if (minutes < 1) throw new UserError(`duration "${text.trim()}": mute for at least 1 minute.`);
  if (minutes > MAX_MUTE_MINUTES)
    throw new UserError(`duration "${text.trim()}": mute for at most 30 days (30d).`);
  return minutes;
}

/** "1h30m" for 90, "2d" for 2880. */
export function durationText(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : ""].join("") || "0m";
}
