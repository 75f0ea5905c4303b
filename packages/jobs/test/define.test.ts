import { AppError } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkSchedule } from "../src/cron";
import { defineJob } from "../src/define";
import { isRetryable } from "../src/failure";

const payload = z.object({});
const run = async () => {};

describe("job definitions", () => {
  it("fills the defaults", () => {
    const job = defineJob({ name: "notify.deliver", payload, run });
    expect(job).toMatchObject({
      name: "notify.deliver",
      retries: 3,
      concurrency: 1,
      backoff: { type: "exponential", delayMs: 1_000, maxDelayMs: 300_000 },
    });
  });

  it("refuses bad definitions, naming the job and the problem", () => {
    expect(() => defineJob({ name: "Has:Colon", payload, run })).toThrow(
      'Job definition "Has:Colon": the name must be lower-case words',
    );
    expect(() => defineJob({ name: "x", payload, run, retries: -1 })).toThrow(
      "retries must be a whole number",
    );
    expect(() => defineJob({ name: "x", payload, run, concurrency: 0 })).toThrow("concurrency must be");
    expect(() => defineJob({ name: "x", payload, run, backoff: { delayMs: 10, maxDelayMs: 5 } })).toThrow(
      "backoff maxDelayMs must not be below delayMs",
    );
    expect(() => defineJob({ name: "x", payload, run, backoff: { type: "linear" as never } })).toThrow(
      "backoff type must be fixed or exponential",
    );
  });
});

describe("schedules", () => {
  it("takes 5 fields, or 6 with seconds, in an IANA time zone", () => {
    expect(checkSchedule("cleanup", "17 3 * * *")).toEqual({ pattern: "17 3 * * *", tz: "UTC" });
    expect(checkSchedule("tick", "*/5 * * * * *", "Europe/Berlin").tz).toBe("Europe/Berlin");
  });

  it("refuses what neither mode could run", () => {
    expect(() => checkSchedule("x", "* * * *")).toThrow(
      'Schedule for job x: cron pattern "* * * *" is not valid',
    );
    expect(() => checkSchedule("x", "0 0 31 2 *")).toThrow("is not valid"); // 31 February
    expect(() => checkSchedule("x", "0 0 0 1 1 * 2030")).toThrow("is not valid"); // a year field
    expect(() => checkSchedule("x", "0 3 * * *", "Nowhere/Town")).toThrow("is not an IANA time zone");
  });
});

describe("retryable failures", () => {
  it("retries the unexpected and upstream trouble, never a refused request", () => {
    expect(isRetryable(new Error("ECONNRESET"))).toBe(true);
    expect(isRetryable(new AppError("UPSTREAM"))).toBe(true);
    expect(isRetryable(new AppError("INTERNAL"))).toBe(true);
    for (const code of ["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"] as const)
      expect(isRetryable(new AppError(code))).toBe(false);
  });
});
