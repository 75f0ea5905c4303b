import { describe, expect, it } from "vitest";
import { budgetDecision, budgetMessage } from "../src/budget";
import { forecast, thresholdCrossedAt } from "../src/forecast";

const month = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };

describe("forecast", () => {
  it("goes on linearly at the rate so far", () => {
    // $10 in 6 of 30 days → $50 by the end.
    expect(forecast(10, 6 * 86_400_000, 30 * 86_400_000)).toBeCloseTo(50, 10);
    expect(forecast(10, 0, 30 * 86_400_000)).toBe(10);
  });

  it("names when the threshold is crossed, or null when it is not this period", () => {
    const now = new Date("2026-11-11T00:00:00Z"); // 10 days in
    // $20 in 10 days = $2/day; $46 is reached 13 days later, on the 24th.
    expect(thresholdCrossedAt(20, 46, month, now)).toEqual(new Date("2026-11-24T00:00:00Z"));
    expect(thresholdCrossedAt(20, 100, month, now)).toBeNull();
    expect(thresholdCrossedAt(60, 50, month, now)).toEqual(now);
    expect(thresholdCrossedAt(0, 50, month, now)).toBeNull();
  });
});

describe("budgetDecision", () => {
  const budget = { threshold: 50 };
  it("warns once when the forecast passes the threshold before it is spent", () => {
    expect(budgetDecision(budget, 20, 40, new Set())).toEqual([]);
    expect(budgetDecision(budget, 30, 55, new Set())).toEqual(["forecast"]);
    expect(budgetDecision(budget, 35, 60, new Set(["forecast"]))).toEqual([]);
  });
  it("says exceeded once when spend reaches it, whether or not the forecast was sent", () => {
    expect(budgetDecision(budget, 50, 80, new Set(["forecast"]))).toEqual(["exceeded"]);
    expect(budgetDecision(budget, 51, 51, new Set())).toEqual(["exceeded"]);
    expect(budgetDecision(budget, 70, 90, new Set(["forecast", "exceeded"]))).toEqual([]);
  });
});

describe("budgetMessage", () => {
  it("reads like the guide's example", () => {
    const message = budgetMessage({
      kind: "forecast",
      scopeLabel: "namespace shop",
      spent: 41.2,
      threshold: 50,
      currency: "USD",
      period: "month",
      exceedsOn: new Date("2026-11-23T05:00:00Z"),
    });
    expect(message.body).toBe(
      "Budget for namespace shop: $41.20 of $50.00 this month; at this rate it is exceeded on the 23rd.",
    );
    expect(
      budgetMessage({
        ...{ kind: "exceeded", scopeLabel: "x", spent: 51, threshold: 50, currency: "EUR" },
        period: "week",
        exceedsOn: null,
      }).body,
    ).toBe("Budget for x: 51.00 EUR of 50.00 EUR this week; the budget is exceeded.");
  });
});
