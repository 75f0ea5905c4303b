import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jobsSettings } from "../src/settings";

// The web's env.ts spreads these into its schema; apps/jobs uses them too.
const Settings = z.object(jobsSettings);

describe("background-work settings", () => {
  it("defaults to regular mode, prefix clustercord, 90 days of audit rows", () => {
    expect(Settings.parse({})).toEqual({ JOBS_PREFIX: "clustercord", AUDIT_RETENTION_DAYS: 90 });
    // Empty variables, as a copied .env.example has them, count as unset.
    expect(Settings.parse({ REDIS_URL: "", JOBS_PREFIX: " ", AUDIT_RETENTION_DAYS: "" })).toEqual({
      JOBS_PREFIX: "clustercord",
      AUDIT_RETENTION_DAYS: 90,
    });
  });

  it("reads queue mode and the retention", () => {
    expect(
      Settings.parse({
        REDIS_URL: "rediss://:pw@redis.internal:6380/2",
        JOBS_PREFIX: "cc-prod",
        AUDIT_RETENTION_DAYS: "0",
      }),
    ).toEqual({
      REDIS_URL: "rediss://:pw@redis.internal:6380/2",
      JOBS_PREFIX: "cc-prod",
      AUDIT_RETENTION_DAYS: 0,
    });
  });

  it("names each bad setting without echoing its value", () => {
    const parsed = Settings.safeParse({
      REDIS_URL: "http://:pa55word-in-url@example.com",
      JOBS_PREFIX: "has:colon",
      AUDIT_RETENTION_DAYS: "-1",
    });
    expect(parsed.success).toBe(false);
    const problems = parsed.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];
    expect(problems).toEqual([
      "REDIS_URL: must be a redis:// or rediss:// URL",
      "JOBS_PREFIX: must be 1-64 letters, digits, '.', '_' or '-'",
      "AUDIT_RETENTION_DAYS: must be a whole number of days (0 keeps audit rows forever)",
    ]);
    expect(JSON.stringify(parsed.error)).not.toContain("pa55word-in-url");
  });
});
