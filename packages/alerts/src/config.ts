import { QuietHours, TimeOfDay, TimeZone } from "@clustercord/contracts";
import { z } from "zod";
import type { AlertRule } from "./rules";

/** Weekdays as JavaScript counts them: 0 is Sunday, 1 Monday … 6 Saturday. */
export const Weekday = z.literal([0, 1, 2, 3, 4, 5, 6], {
  error: "weekday must be 0 (Sunday) to 6 (Saturday)",
});
export type Weekday = z.infer<typeof Weekday>;

const Hour = z
  .number()
  .int("hour must be a whole hour")
  .min(0, "hour must be 0-23")
  .max(23, "hour must be 0-23");

/** When HIGH alerts may interrupt: these weekdays, from `start` to `end` ("HH:MM", end exclusive). */
export const BusinessHours = z
  .object({
    days: z
      .array(Weekday)
      .min(1, "choose at least one working day")
      .refine((days) => new Set(days).size === days.length, "a working day is listed twice"),
    start: TimeOfDay,
    end: TimeOfDay,
  })
  .strict()
  .refine((b) => b.start !== b.end, "business hours must start and end at different times");
export type BusinessHours = z.infer<typeof BusinessHours>;

export const DigestSchedule = z
  .object({
    /** Local hour the daily digest goes out. */
    dailyHour: Hour,
    /** Local weekday and hour the weekly digest goes out. */
    weeklyDay: Weekday,
    weeklyHour: Hour,
  })
  .strict();
export type DigestSchedule = z.infer<typeof DigestSchedule>;

/** A person's alert settings as `alerts.config` and `/alert config` take them; each part optional. */
export const AlertPrefsSpec = z
  .object({
    timeZone: TimeZone,
    quietHours: QuietHours.nullable(),
    businessHours: BusinessHours,
    digest: DigestSchedule.partial(),
  })
  .partial()
  .strict();
export type AlertPrefsSpec = z.infer<typeof AlertPrefsSpec>;

/** A recipient's clock, resolved: persons set all of it; a guild channel has no quiet hours. */
export interface RecipientPrefs {
  /** IANA time zone every window below is read in. */
  timeZone: string;
  quietHours: QuietHours | null;
  businessHours: BusinessHours;
  digest: DigestSchedule;
}

export interface AlertsConfig {
  rules: readonly AlertRule[];
  /** Prefs by person id; a person not listed gets DEFAULT_PREFS. */
  people?: Readonly<Record<string, AlertPrefsSpec>>;
  /** Prefs by guild channel id (quiet hours are a person's and are ignored here). */
  channels?: Readonly<Record<string, AlertPrefsSpec>>;
  /** At most one alert per group (a workload, a cause, or one resource) per this many ms. */
  throttleMs?: number;
  /** How long a new group waits for more members before its first message (0: at once). */
  groupWaitMs?: number;
  /** The digest schedule for everyone who does not set their own. */
  digest?: Partial<DigestSchedule>;
}

export const DEFAULT_THROTTLE_MS = 5 * 60_000;
export const DEFAULT_BUSINESS_HOURS: BusinessHours = { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };
export const DEFAULT_DIGEST: DigestSchedule = { dailyHour: 9, weeklyDay: 1, weeklyHour: 9 };
export const DEFAULT_PREFS: RecipientPrefs = {
  timeZone: "UTC",
  quietHours: null,
  businessHours: DEFAULT_BUSINESS_HOURS,
  digest: DEFAULT_DIGEST,
};

/** A recipient's settings over the deployment's over the defaults. */
export function prefsOf(
  config: AlertsConfig,
  recipient: { kind: "person" | "channel"; id: string },
): RecipientPrefs {
  const own = (recipient.kind === "person" ? config.people : config.channels)?.[recipient.id] ?? {};
  const digest = (key: keyof DigestSchedule) =>
    own.digest?.[key] ?? config.digest?.[key] ?? DEFAULT_DIGEST[key];
  return {
    timeZone: own.timeZone ?? DEFAULT_PREFS.timeZone,
    quietHours: recipient.kind === "person" ? (own.quietHours ?? null) : null,
    businessHours: own.businessHours ?? DEFAULT_BUSINESS_HOURS,
    digest: {
      dailyHour: digest("dailyHour"),
      weeklyDay: digest("weeklyDay") as Weekday,
      weeklyHour: digest("weeklyHour"),
    },
  };
}
