import { describe, expect, it } from "vitest";
import { dailyPeriod, inBusinessHours, inWindow, wallClock, weeklyPeriod } from "../src/local-time";

const at = (iso: string, zone: string) => wallClock(Date.parse(iso), zone);

describe("wallClock", () => {
  it("reads the zone's clock, daylight saving included", () => {
    expect(at("2026-07-01T12:00:00Z", "Europe/Berlin").minuteOfDay).toBe(14 * 60);
    expect(at("2026-12-01T12:00:00Z", "Europe/Berlin").minuteOfDay).toBe(13 * 60);
    expect(at("2026-12-01T02:00:00Z", "America/New_York")).toMatchObject({
      minuteOfDay: 21 * 60,
      weekday: 1,
    });
  });
});

describe("inWindow", () => {
  it("handles windows inside a day and across midnight, end excluded", () => {
    const day = { start: "09:00", end: "18:00" };
    expect([8 * 60 + 59, 9 * 60, 17 * 60 + 59, 18 * 60].map((m) => inWindow(day, m))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const night = { start: "22:00", end: "07:00" };
    expect([21 * 60 + 59, 22 * 60, 0, 6 * 60 + 59, 7 * 60].map((m) => inWindow(night, m))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe("inBusinessHours", () => {
  it("counts a night shift to the weekday it starts on", () => {
    const fridayNights = { days: [5] as (0 | 1 | 2 | 3 | 4 | 5 | 6)[], start: "22:00", end: "06:00" };
    expect(inBusinessHours(fridayNights, at("2026-12-04T23:00:00Z", "UTC"))).toBe(true); // Friday 23:00
    expect(inBusinessHours(fridayNights, at("2026-12-05T05:00:00Z", "UTC"))).toBe(true); // Saturday 05:00
    expect(inBusinessHours(fridayNights, at("2026-12-05T23:00:00Z", "UTC"))).toBe(false); // Saturday 23:00
    expect(inBusinessHours(fridayNights, at("2026-12-04T05:00:00Z", "UTC"))).toBe(false); // Friday 05:00
  });
});

describe("digest periods", () => {
  it("move on at the local digest hour, also on a day the clock skips it", () => {
    const berlin = (iso: string) => dailyPeriod(at(iso, "Europe/Berlin"), 2);
    // 29 March 2026: 02:00 local does not exist; the period moves on at the jump to 03:00 (01:00 UTC).
    expect(berlin("2026-03-29T00:59:00Z")).toBe(berlin("2026-03-28T12:00:00Z"));
    expect(berlin("2026-03-29T01:00:00Z")).toBe(berlin("2026-03-28T12:00:00Z") + 1);
  });

  it("move on weekly at the local weekday and hour", () => {
    const monday9 = (iso: string) => weeklyPeriod(at(iso, "UTC"), 1, 9);
    expect(monday9("2026-12-07T08:59:00Z")).toBe(monday9("2026-12-01T10:00:00Z"));
    expect(monday9("2026-12-07T09:00:00Z")).toBe(monday9("2026-12-01T10:00:00Z") + 1);
    expect(monday9("2026-12-14T08:59:00Z")).toBe(monday9("2026-12-07T09:00:00Z"));
  });
});
