import { describe, expect, it } from "vitest";
import { calendarPeriod, changePct, daysOf, hoursOf, previousSpan, resolvePeriod } from "../src/period";

const now = new Date("2026-11-18T15:30:00Z"); // a Wednesday

describe("resolvePeriod", () => {
  it("day, week and month are the calendar period in UTC up to now", () => {
    expect(resolvePeriod({ kind: "day" }, now)).toEqual({ from: new Date("2026-11-18T00:00:00Z"), to: now });
    expect(resolvePeriod({ kind: "week" }, now)).toEqual({ from: new Date("2026-11-16T00:00:00Z"), to: now });
    expect(resolvePeriod({ kind: "month" }, now)).toEqual({
      from: new Date("2026-11-01T00:00:00Z"),
      to: now,
    });
  });

  it("a Sunday belongs to the ISO week that began on the Monday before", () => {
    const sunday = new Date("2026-11-22T23:59:00Z");
    expect(calendarPeriod("week", sunday)).toEqual({
      from: new Date("2026-11-16T00:00:00Z"),
      to: new Date("2026-11-23T00:00:00Z"),
    });
    expect(calendarPeriod("month", new Date("2026-12-31T23:00:00Z")).to).toEqual(
      new Date("2027-01-01T00:00:00Z"),
    );
  });

  it("custom is taken as given, and refused with a reason when it makes no sense", () => {
    const from = "2026-10-01T00:00:00Z";
    const to = "2026-10-08T00:00:00Z";
    expect(resolvePeriod({ kind: "custom", from, to }, now)).toEqual({
      from: new Date(from),
      to: new Date(to),
    });
    expect(() => resolvePeriod({ kind: "custom", from: to, to: from }, now)).toThrow(/must be before its to/);
    expect(() => resolvePeriod({ kind: "custom", from: "2025-01-01T00:00:00Z", to }, now)).toThrow(
      /at most 400 days/,
    );
    expect(() =>
      resolvePeriod({ kind: "custom", from: "2027-01-01T00:00:00Z", to: "2027-01-02T00:00:00Z" }, now),
    ).toThrow(/starts in the future/);
  });
});

describe("trend and buckets", () => {
  it("the previous period has the same length and ends where this one starts", () => {
    const span = resolvePeriod({ kind: "day" }, now); // 15.5 h
    expect(previousSpan(span)).toEqual({
      from: new Date("2026-11-17T08:30:00Z"),
      to: new Date("2026-11-18T00:00:00Z"),
    });
  });

  it("change is a percentage of the previous total, null without one", () => {
    expect(changePct(15, 10)).toBe(50);
    expect(changePct(5, 10)).toBe(-50);
    expect(changePct(5, 0)).toBeNull();
  });

  it("days and hours cover [from, to)", () => {
    const span = { from: new Date("2026-11-16T22:00:00Z"), to: new Date("2026-11-18T01:30:00Z") };
    expect(daysOf(span)).toEqual(["2026-11-16", "2026-11-17", "2026-11-18"]);
    const hours = hoursOf(span);
    expect(hours).toHaveLength(28); // 22:00 .. 01:00 inclusive
    expect(hours.at(-1)).toEqual(new Date("2026-11-18T01:00:00Z"));
  });
});
