import { describe, expect, it } from "vitest";
import { planCleanup } from "../src/cleanup/plan";

describe("cleanup plan", () => {
  const now = new Date("2026-11-30T03:17:00.000Z");

  it("deletes audit rows older than the retention", () => {
    expect(planCleanup({ auditRetentionDays: 90 }, now)).toEqual({
      auditRowsBefore: new Date("2026-09-01T03:17:00.000Z"),
    });
    expect(planCleanup({ auditRetentionDays: 1 }, now).auditRowsBefore?.toISOString()).toBe(
      "2026-11-29T03:17:00.000Z",
    );
  });

  it("keeps every audit row when the retention is 0", () => {
    expect(planCleanup({ auditRetentionDays: 0 }, now)).toEqual({ auditRowsBefore: null });
  });

  it("refuses a retention that is not a whole number of days", () => {
    for (const days of [-1, 1.5, Number.NaN])
      expect(() => planCleanup({ auditRetentionDays: days }, now)).toThrow(
        "auditRetentionDays must be a whole number of days",
      );
  });
});
