import { AppError } from "@clustercord/contracts";
import { Cron } from "croner";

/**
 * Checks a schedule before either mode uses it: 5 fields (minute precision)
 * or 6 (with seconds first), in an IANA time zone (UTC by default). Croner
 * runs it in regular mode; BullMQ's job schedulers read the same syntax.
 */
export function checkSchedule(jobName: string, pattern: string, tz = "UTC"): { pattern: string; tz: string } {
  const refuse = (what: string) =>
    new AppError("INTERNAL", { message: `Schedule for job ${jobName}: ${what}` });
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
  } catch {
    throw refuse(`time zone ${JSON.stringify(tz)} is not an IANA time zone`);
  }
  try {
    const cron = new Cron(pattern, { mode: "5-or-6-parts", timezone: tz, paused: true });
    const next = cron.nextRun();
    cron.stop();
    if (!next) throw new Error("it never fires");
  } catch (error) {
    throw refuse(`cron pattern ${JSON.stringify(pattern)} is not valid (${(error as Error).message})`);
  }
  return { pattern, tz };
}
