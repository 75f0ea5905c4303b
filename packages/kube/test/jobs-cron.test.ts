import { describe, expect, it } from "vitest";
import { cronPreview, describeCron, parseCron, timeZoneProblem } from "../src/jobs/cron";

const NOW = new Date("2026-03-28T22:50:30Z");

const message = (cron: string, zone = "UTC") => {
  const out = cronPreview(cron, zone, NOW);
  return "message" in out ? out.message : null;
};

describe("cronPreview", () => {
  it("previews the next 3 runs after now, in UTC", () => {
    expect(cronPreview("*/15 * * * *", "UTC", NOW)).toEqual({
      description: "every 15 minutes",
      timeZone: "UTC",
      nextRuns: ["2026-03-28T23:00:00.000Z", "2026-03-28T23:15:00.000Z", "2026-03-28T23:30:00.000Z"],
    });
  });

  it("reads the schedule in the given zone, across a DST change (Europe/Berlin, 29 March 2026)", () => {
    expect(cronPreview("30 2 * * *", "Europe/Berlin", NOW)).toMatchObject({
      description: "every day at 02:30",
      // 02:30 does not exist on the 29th in Berlin (it runs as the clock jumps, 03:00 CEST); then 02:30 CEST.
      nextRuns: ["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z", "2026-03-31T00:30:00.000Z"],
    });
    expect(cronPreview("0 9 * * 1-5", "America/New_York", NOW)).toMatchObject({
      description: "every weekday at 09:00",
      nextRuns: ["2026-03-30T13:00:00.000Z", "2026-03-31T13:00:00.000Z", "2026-04-01T13:00:00.000Z"],
    });
  });

  it("expands the descriptors Kubernetes accepts", () => {
    expect(cronPreview("@hourly", "UTC", NOW)).toMatchObject({
      description: "every hour at minute 0",
      nextRuns: ["2026-03-28T23:00:00.000Z", "2026-03-29T00:00:00.000Z", "2026-03-29T01:00:00.000Z"],
    });
    expect(parseCron("@daily")).toEqual({ fields: ["0", "0", "*", "*", "*"] });
    expect(parseCron("@weekly")).toEqual({ fields: ["0", "0", "*", "*", "0"] });
  });

  it("names the field that is out of range", () => {
    expect(message("61 * * * *")).toBe(
      'cron: "61 * * * *" is not a valid schedule: minute 61 is out of range (0-59)',
    );
    expect(message("0 24 * * *")).toMatch(/hour 24 is out of range \(0-23\)$/);
    expect(message("0 0 0 * *")).toMatch(/day of month 0 is out of range \(1-31\)$/);
    expect(message("0 0 * 13 *")).toMatch(/month 13 is out of range \(1-12\)$/);
    expect(message("0 0 * * 7")).toMatch(/day of week 7 is out of range \(0-6\)$/);
    expect(message("0 0 * * MON-FOO")).toMatch(/day of week "FOO" is not a number or a name$/);
    expect(message("5-1 * * * *")).toMatch(/minute range 5-1 runs backwards$/);
    expect(message("*/0 * * * *")).toMatch(/minute step "0" must be a whole number above 0$/);
  });

  it("refuses what a Kubernetes CronJob would not accept", () => {
    expect(message("0 * * * * *")).toBe(
      'cron: "0 * * * * *" is not a valid schedule: it has 6 fields; Kubernetes CronJobs take 5 (minute hour day-of-month month day-of-week), without seconds',
    );
    expect(message("every day")).toMatch(/it has 2 fields; a schedule has 5/);
    expect(message("0 0 L * *")).toMatch(/day of month "L" uses L, W or #/);
    expect(message("0 0 * * 5#2")).toMatch(/day of week "5#2" uses L, W or #/);
    expect(message("@every 5m")).toMatch(/unknown descriptor @every/);
    expect(message("CRON_TZ=UTC 0 * * * *")).toMatch(/put the time zone in the time zone field/);
  });

  it("accepts names, lists, ranges, steps and ?", () => {
    expect(message("0,30 9-17/2 ? JAN-JUN MON,WED,FRI")).toBeNull();
    expect(cronPreview("0 12 * * WED", "UTC", NOW)).toMatchObject({
      description: "every Wednesday at 12:00",
      nextRuns: ["2026-04-01T12:00:00.000Z", "2026-04-08T12:00:00.000Z", "2026-04-15T12:00:00.000Z"],
    });
  });

  it("refuses a zone that is not an IANA name, or is mis-spelled in case", () => {
    expect(message("* * * * *", "Mars/Olympus")).toBe(
      'time zone "Mars/Olympus" is not a known IANA time zone (for example Europe/Berlin, America/New_York or UTC)',
    );
    expect(message("* * * * *", "+02:00")).toMatch(/not a known IANA time zone/);
    expect(timeZoneProblem("europe/berlin")?.message).toBe(
      'time zone "europe/berlin" is spelled Europe/Berlin',
    );
    expect(timeZoneProblem("Asia/Tokyo")).toBeNull();
    expect(timeZoneProblem("UTC")).toBeNull();
  });
});

describe("describeCron", () => {
  it("says the common shapes in words and falls back to the expression", () => {
    expect(describeCron(["*", "*", "*", "*", "*"])).toBe("every minute");
    expect(describeCron(["0", "*/6", "*", "*", "*"])).toBe("every 6 hours at minute 0");
    expect(describeCron(["15", "3", "1", "*", "*"])).toBe("on day 1 of every month at 03:15");
    expect(describeCron(["0", "0", "1", "1", "*"])).toBe("every year on 1 January at 00:00");
    expect(describeCron(["30", "6", "24", "DEC", "*"])).toBe("every year on 24 December at 06:30");
    expect(describeCron(["0", "0", "1-7", "*", "1"])).toBe("cron 0 0 1-7 * 1");
  });
});
