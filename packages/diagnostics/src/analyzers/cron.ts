/** Ranges of the five cron fields: minute, hour, day of month, month, day of week. */
const ranges: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
const names = [
  null,
  null,
  null,
  ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
  ["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
];
const macros = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

function value(text: string, field: number): number | null {
  const named = names[field]?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field === 3 ? named + 1 : named;
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  const [lo, hi] = ranges[field] ?? [0, 0];
  return n >= lo && n <= hi ? n : null;
}

function validField(text: string, field: number): boolean {
  return text.split(",").every((part) => {
    const [range, step, extra] = part.split("/");
    if (extra !== undefined || range === undefined || range === "") return false;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return false;
    if (range === "*" || range === "?") return true;
    const [a, b, more] = range.split("-");
    if (more !== undefined || a === undefined) return false;
    const lo = value(a, field);
    if (lo === null) return false;
    if (b === undefined) return true;
    const hi = value(b, field);
    return hi !== null && hi >= lo;
  });
}

/** A schedule the CronJob controller accepts: five fields (with names, ranges, steps) or a macro, optional TZ= prefix. */
export function validCronSchedule(schedule: string): boolean {
  const text = schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, "");
  if (macros.has(text)) return true;
  const fields = text.split(/\s+/);
  return fields.length === 5 && fields.every((f, i) => validField(f, i));
}
