import { describe, expect, it } from "vitest";
import { inQuietHours, localClock, nextDeliveryTime } from "../src/quiet-hours";

const at = (iso: string) => new Date(iso);
const prefs = (start: string, end: string, timeZone = "UTC") => ({ quietHours: { start, end }, timeZone });

describe("nextDeliveryTime", () => {
  it("delivers at once without quiet hours, outside them, and for critical notifications inside them", () => {
    const now = at("2026-03-10T23:15:42Z");
    expect(nextDeliveryTime({ quietHours: null, timeZone: "UTC" }, now, "warning")).toEqual(now);
    expect(nextDeliveryTime(prefs("08:00", "09:00"), now, "info")).toEqual(now);
    expect(nextDeliveryTime(prefs("22:00", "07:00"), now, "critical")).toEqual(now);
  });

  it("holds a non-critical one until quiet hours end, across midnight", () => {
    expect(nextDeliveryTime(prefs("22:00", "07:00"), at("2026-03-10T23:15:42Z"), "info")).toEqual(
      at("2026-03-11T07:00:00Z"),
    );
    expect(nextDeliveryTime(prefs("22:00", "07:00"), at("2026-03-11T06:59:59Z"), "warning")).toEqual(
      at("2026-03-11T07:00:00Z"),
    );
    // The end minute itself is outside; the start minute is inside.
    expect(nextDeliveryTime(prefs("22:00", "07:00"), at("2026-03-11T07:00:00Z"), "info")).toEqual(
      at("2026-03-11T07:00:00Z"),
    );
    expect(nextDeliveryTime(prefs("22:00", "07:00"), at("2026-03-10T22:00:00Z"), "info")).toEqual(
      at("2026-03-11T07:00:00Z"),
    );
  });

  it("holds within a same-day window", () => {
    expect(nextDeliveryTime(prefs("12:00", "13:30"), at("2026-06-01T12:45:10Z"), "info")).toEqual(
      at("2026-06-01T13:30:00Z"),
    );
  });

  it("reads quiet hours on the person's wall clock in their time zone", () => {
    // 23:15 UTC is 08:15 in Tokyo (UTC+9): outside 22:00-07:00 there.
    const now = at("2026-03-10T23:15:00Z");
    expect(nextDeliveryTime(prefs("22:00", "07:00", "Asia/Tokyo"), now, "info")).toEqual(now);
    // 05:30 UTC is 22:30 in Los Angeles (UTC-7 in June): held until 07:00 there = 14:00 UTC.
    expect(
      nextDeliveryTime(prefs("22:00", "07:00", "America/Los_Angeles"), at("2026-06-02T05:30:00Z"), "info"),
    ).toEqual(at("2026-06-02T14:00:00Z"));
    // Kolkata is UTC+5:30.
    expect(
      nextDeliveryTime(prefs("00:00", "06:00", "Asia/Kolkata"), at("2026-06-01T20:00:00Z"), "warning"),
    ).toEqual(at("2026-06-02T00:30:00Z"));
  });

  it("follows a spring-forward change inside quiet hours (Berlin, 29 March 2026)", () => {
    // 23:00 CET on the 28th; clocks jump 02:00 -> 03:00; 07:00 CEST is 05:00 UTC.
    expect(
      nextDeliveryTime(prefs("22:00", "07:00", "Europe/Berlin"), at("2026-03-28T22:00:00Z"), "info"),
    ).toEqual(at("2026-03-29T05:00:00Z"));
    // An end time the clock skips: quiet hours end when the clock jumps past 02:30 (01:00 UTC).
    expect(
      nextDeliveryTime(prefs("22:00", "02:30", "Europe/Berlin"), at("2026-03-28T22:00:00Z"), "info"),
    ).toEqual(at("2026-03-29T01:00:00Z"));
  });

  it("follows a fall-back change inside quiet hours (Berlin, 25 October 2026)", () => {
    // 01:30 CEST (23:30 UTC); 03:00 CEST -> 02:00 CET; 03:30 CET is 02:30 UTC.
    expect(
      nextDeliveryTime(prefs("01:00", "03:30", "Europe/Berlin"), at("2026-10-24T23:30:00Z"), "info"),
    ).toEqual(at("2026-10-25T02:30:00Z"));
    // An end time the clock reads twice ends quiet hours the first time (02:30 CEST = 00:30 UTC).
    expect(
      nextDeliveryTime(prefs("22:00", "02:30", "Europe/Berlin"), at("2026-10-24T21:00:00Z"), "info"),
    ).toEqual(at("2026-10-25T00:30:00Z"));
  });

  it("never answers a time before now", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"];
    const start = at("2026-03-01T00:00:00Z").getTime();
    for (const timeZone of zones) {
      for (let i = 0; i < 400; i++) {
        const now = new Date(start + i * 97 * 60_000 + 13_000);
        const when = nextDeliveryTime(prefs("21:45", "06:15", timeZone), now, "info");
        expect(when.getTime()).toBeGreaterThanOrEqual(now.getTime());
        // It is outside quiet hours when it comes, and never more than a day away.
        expect(inQuietHours(prefs("21:45", "06:15").quietHours, localClock(when, timeZone).minuteOfDay)).toBe(
          false,
        );
        expect(when.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
      }
    }
  });
});

describe("localClock", () => {
  it("reads the wall clock and offset of a zone", () => {
    expect(localClock(at("2026-06-01T12:00:00Z"), "Europe/Berlin")).toEqual({
      minuteOfDay: 14 * 60,
      offsetMinutes: 120,
    });
    expect(localClock(at("2026-01-01T12:00:00Z"), "Asia/Kathmandu")).toEqual({
      minuteOfDay: 17 * 60 + 45,
      offsetMinutes: 345,
    });
  });
});
