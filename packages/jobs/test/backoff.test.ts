import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF, retryDelayMs } from "../src/backoff";

describe("retry backoff", () => {
  it("doubles from the first delay and stops at the cap", () => {
    const policy = { type: "exponential" as const, delayMs: 1_000, maxDelayMs: 5_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(policy, attempt))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it("stays finite for absurd attempt numbers", () => {
    expect(retryDelayMs(DEFAULT_BACKOFF, 10_000)).toBe(DEFAULT_BACKOFF.maxDelayMs);
  });

  it("waits the same each time when fixed", () => {
    const policy = { type: "fixed" as const, delayMs: 250, maxDelayMs: 250 };
    expect([1, 2, 7].map((attempt) => retryDelayMs(policy, attempt))).toEqual([250, 250, 250]);
  });
});
