/**
 * CronJob schedules, checked the way Kubernetes reads them (robfig/cron's
 * standard parser: five fields or a @descriptor, no seconds, no L/W/#, no
 * CRON_TZ= prefix) and previewed with croner. Pure: the clock is an argument.
 */
import { Cron } from "croner";

export interface CronProblem {
  /** Says what is wrong, naming the field where there is one. */
  message: string;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 6 },
] as const;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_WORDS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAY_WORDS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The descriptors Kubernetes accepts, as the five fields they stand for. */
const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const invalid = (cron: string, why: string): CronProblem => ({
  message: `cron: ${JSON.stringify(cron)} is not a valid schedule: ${why}`,
});

/** One value of a field: a number in range, or (month, day of week) a three-letter name. */
function fieldValue(text: string, field: (typeof FIELDS)[number], index: number): number | string {
  const names = index === 3 ? MONTHS : index === 4 ? DAYS : null;
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  if (names && named >= 0) return index === 3 ? named + 1 : named;
  if (!/^\d+$/.test(text)) return `${field.name} "${text}" is not a number${names ? " or a name" : ""}`;
  const n = Number(text);
  if (n < field.min || n > field.max) return `${field.name} ${n} is out of range (${field.min}-${field.max})`;
  return n;
}

/** Checks one field (lists, ranges, steps, * and ?); a sentence when it is wrong. */
function fieldProblem(text: string, index: number): string | null {
  const field = FIELDS[index] as (typeof FIELDS)[number];
  if (/[LW#]/i.test(text.replace(/[A-Z]{3}/gi, (m) => (MONTHS.includes(m) || DAYS.includes(m) ? "" : m))))
    return `${field.name} "${text}" uses L, W or #, which Kubernetes CronJobs do not support`;
  for (const part of text.split(",")) {
    if (part === "") return `${field.name} "${text}" has an empty list entry`;
    const [range, step, extra] = part.split("/");
    if (extra !== undefined) return `${field.name} "${part}" has more than one "/"`;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0))
      return `${field.name} step "${step}" must be a whole number above 0`;
    if (range === "*" || range === "?") continue;
    const [from, to, more] = (range ?? "").split("-");
    if (more !== undefined) return `${field.name} "${range}" is not a range`;
    const low = fieldValue(from ?? "", field, index);
    if (typeof low === "string") return low;
    if (to === undefined) continue;
    const high = fieldValue(to, field, index);
    if (typeof high === "string") return high;
    if (high < low) return `${field.name} range ${range} runs backwards`;
  }
  return null;
}

/** The five fields of a schedule Kubernetes would accept, or why it would not. */
export function parseCron(cron: string): { fields: string[] } | CronProblem {
  const text = cron.trim();
  if (/^(CRON_)?TZ=/i.test(text))
    return invalid(cron, "put the time zone in the time zone field, not in the schedule");
  if (text.startsWith("@")) {
    const fields = DESCRIPTORS[text.toLowerCase()];
    if (!fields)
      return invalid(
        cron,
        `unknown descriptor ${text.split(/\s/)[0]}; use ${Object.keys(DESCRIPTORS).join(", ")} or five fields`,
      );
    return { fields: fields.split(" ") };
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5)
    return invalid(
      cron,
      fields.length === 6
        ? "it has 6 fields; Kubernetes CronJobs take 5 (minute hour day-of-month month day-of-week), without seconds"
        : `it has ${fields.length} field${fields.length === 1 ? "" : "s"}; a schedule has 5 (minute hour day-of-month month day-of-week)`,
    );
  for (const [i, field] of fields.entries()) {
    const problem = fieldProblem(field, i);
    if (problem) return invalid(cron, problem);
  }
  return { fields };
}

/** Whether `zone` is an IANA time zone name (no offsets such as "+02:00"), or why not. */
export function timeZoneProblem(zone: string): CronProblem | null {
  const refused = {
    message: `time zone ${JSON.stringify(zone)} is not a known IANA time zone (for example Europe/Berlin, America/New_York or UTC)`,
  };
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return refused;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return refused;
  }
  // Kubernetes reads zone files by name: the case must be right.
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase())
    return { message: `time zone ${JSON.stringify(zone)} is spelled ${resolved}` };
  return null;
}

const pad = (n: string) => n.padStart(2, "0");
const isNumber = (s: string) => /^\d+$/.test(s);

/** A schedule in words for the common shapes; the expression itself otherwise. */
export function describeCron(fields: readonly string[]): string {
  const [minute = "*", hour = "*", dom = "*", month = "*", dow = "*"] = fields;
  const anyDay = (dom === "*" || dom === "?") && month === "*" && (dow === "*" || dow === "?");
  const every = (s: string) => /^\*\/(\d+)$/.exec(s)?.[1];
  if (anyDay && hour === "*") {
    if (minute === "*") return "every minute";
    const n = every(minute);
    if (n) return n === "1" ? "every minute" : `every ${n} minutes`;
    if (isNumber(minute)) return `every hour at minute ${Number(minute)}`;
  }
  if (anyDay && isNumber(minute)) {
    const n = every(hour);
    if (n)
      return n === "1"
        ? `every hour at minute ${Number(minute)}`
        : `every ${n} hours at minute ${Number(minute)}`;
  }
  if (isNumber(minute) && isNumber(hour)) {
    const at = `at ${pad(hour)}:${pad(minute)}`;
    if (anyDay) return `every day ${at}`;
    if ((dom === "*" || dom === "?") && month === "*") {
      const days = dow.split(",").map((d) => {
        const i = isNumber(d) ? Number(d) : DAYS.indexOf(d.toUpperCase());
        return DAY_WORDS[i];
      });
      if (dow.toUpperCase() === "1-5" || dow.toUpperCase() === "MON-FRI") return `every weekday ${at}`;
      if (days.every(Boolean)) return `every ${days.join(", ")} ${at}`;
    }
    if (isNumber(dom) && month === "*" && (dow === "*" || dow === "?"))
      return `on day ${Number(dom)} of every month ${at}`;
    if (isNumber(dom) && (dow === "*" || dow === "?")) {
      const m = isNumber(month) ? Number(month) : MONTHS.indexOf(month.toUpperCase()) + 1;
      const word = MONTH_WORDS[m - 1];
      if (word) return `every year on ${Number(dom)} ${word} ${at}`;
    }
  }
  return `cron ${fields.join(" ")}`;
}

export interface CronPreview {
  description: string;
  timeZone: string;
  /** ISO instants (UTC) of the next runs after `now`. */
  nextRuns: string[];
}

/**
 * Checks a schedule and its zone as Kubernetes would and previews the next
 * `count` runs after `now` in that zone. Pure: the clock is an argument.
 */
export function cronPreview(cron: string, timeZone: string, now: Date, count = 3): CronPreview | CronProblem {
  const parsed = parseCron(cron);
  if ("message" in parsed) return parsed;
  const zone = timeZoneProblem(timeZone);
  if (zone) return zone;
  // Five-part mode: croner never reads a seconds field; day-of-month and day-of-week are OR-ed as cron does.
  const pattern = parsed.fields.join(" ").replace(/\?/g, "*");
  const job = new Cron(pattern, { mode: "5-part", timezone: timeZone, paused: true });
  return {
    description: describeCron(parsed.fields),
    timeZone,
    nextRuns: job.nextRuns(count, now).map((d) => d.toISOString()),
  };
}

export const isCronProblem = (value: object): value is CronProblem => "message" in value;
