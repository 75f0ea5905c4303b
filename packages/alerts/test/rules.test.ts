import { describe, expect, it } from "vitest";
import { AlertMuteSpec, AlertPrefsSpec, AlertRuleSpec, ruleErrors } from "../src";
import { ALICE, OPS_CHANNEL } from "./fixtures";

const valid = {
  name: "api memory",
  clusterId: "prod",
  type: "high-memory",
  scope: { kind: "workload", namespace: "shop", workload: "Deployment", name: "api" },
  threshold: 90,
  durationSeconds: 300,
  subscribers: [
    { kind: "person", id: ALICE, via: ["dm", "web"] },
    { kind: "channel", id: OPS_CHANNEL },
  ],
};

const errorsOf = (spec: unknown) => {
  const result = AlertRuleSpec.safeParse(spec);
  return result.success ? [] : ruleErrors(result.error);
};

describe("AlertRuleSpec", () => {
  it("accepts a complete rule of each kind of scope", () => {
    expect(errorsOf(valid)).toEqual([]);
    expect(
      errorsOf({ ...valid, type: "pod-crash", threshold: undefined, scope: { kind: "cluster" } }),
    ).toEqual([]);
    expect(
      errorsOf({
        ...valid,
        type: "finding",
        threshold: undefined,
        minSeverity: "HIGH",
        scope: { kind: "namespace", namespace: "shop" },
      }),
    ).toEqual([]);
  });

  it("keeps the threshold between 1 and 100 percent, and only on usage rules", () => {
    expect(errorsOf({ ...valid, threshold: 0 })).toEqual([
      "threshold: threshold must be between 1 and 100 (percent)",
    ]);
    expect(errorsOf({ ...valid, threshold: 101 })).toEqual([
      "threshold: threshold must be between 1 and 100 (percent)",
    ]);
    expect(errorsOf({ ...valid, threshold: 90.5 })).toEqual(["threshold: threshold must be a whole percent"]);
    expect(errorsOf({ ...valid, threshold: undefined })).toEqual([
      "threshold: high-memory needs a threshold (1-100 %)",
    ]);
    expect(errorsOf({ ...valid, type: "pod-crash" })).toEqual([
      "threshold: threshold is only for high-cpu and high-memory rules",
    ]);
  });

  it("limits the duration to 0 seconds … 24 hours", () => {
    expect(errorsOf({ ...valid, durationSeconds: -1 })).toEqual([
      "durationSeconds: duration must not be negative",
    ]);
    expect(errorsOf({ ...valid, durationSeconds: 86_401 })).toEqual([
      "durationSeconds: duration must be at most 24 hours",
    ]);
  });

  it("names what is wrong with names, scopes and subscribers", () => {
    expect(errorsOf({ ...valid, name: "  " })).toEqual(["name: name must not be empty"]);
    expect(errorsOf({ ...valid, name: "x".repeat(81) })).toEqual([
      "name: name must be at most 80 characters",
    ]);
    expect(errorsOf({ ...valid, name: "api\u0007bell" })).toEqual([
      "name: name must not contain control characters",
    ]);
    expect(errorsOf({ ...valid, scope: { kind: "namespace", namespace: "Shop_1" } })).toEqual([
      "scope.namespace: must be a Kubernetes namespace name",
    ]);
    expect(errorsOf({ ...valid, scope: { ...valid.scope, workload: "Pod" } })).toEqual([
      "scope.workload: must be one of Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob",
    ]);
    expect(errorsOf({ ...valid, subscribers: [] })).toEqual([
      "subscribers: a rule needs at least one subscriber",
    ]);
    expect(errorsOf({ ...valid, subscribers: [{ kind: "person", id: ALICE, via: [] }] })).toEqual([
      "subscribers.0.via: choose at least one of dm, email, web",
    ]);
    expect(errorsOf({ ...valid, subscribers: [{ kind: "person", id: "alice", via: ["dm"] }] })).toEqual([
      "subscribers.0.id: must be a Discord id (digits only)",
    ]);
    expect(errorsOf({ ...valid, subscribers: [valid.subscribers[1], valid.subscribers[1]] })).toEqual([
      "subscribers: a subscriber is listed twice",
    ]);
  });

  it("asks finding rules for a minimum severity and keeps it off the others", () => {
    const findingRule = { ...valid, type: "finding", threshold: undefined };
    expect(errorsOf(findingRule)).toEqual(["minSeverity: finding rules need a minimum severity"]);
    expect(errorsOf({ ...findingRule, minSeverity: "HIGH", severity: "LOW" })).toEqual([
      "severity: finding rules take the finding's severity; set minSeverity instead",
    ]);
    expect(errorsOf({ ...valid, minSeverity: "HIGH" })).toEqual([
      "minSeverity: minSeverity is only for finding rules",
    ]);
  });

  it("rejects unknown types and fields", () => {
    expect(errorsOf({ ...valid, type: "disk-full" })[0]).toMatch(/^type: /);
    expect(errorsOf({ ...valid, extra: true })[0]).toMatch(/extra/);
    expect(errorsOf({ ...valid, type: "node-not-ready", threshold: undefined })).toEqual([
      "scope: node-not-ready rules cannot be scoped to a workload",
    ]);
  });
});

describe("AlertMuteSpec", () => {
  it("mutes a rule, group or fingerprint for 1 minute … 30 days", () => {
    expect(AlertMuteSpec.safeParse({ target: { ruleId: "r1" }, durationMinutes: 60 }).success).toBe(true);
    expect(
      AlertMuteSpec.safeParse({ target: { fingerprint: "a".repeat(24) }, durationMinutes: 1 }).success,
    ).toBe(true);
    const tooLong = AlertMuteSpec.safeParse({ target: { ruleId: "r1" }, durationMinutes: 43_201 });
    expect(tooLong.success ? [] : ruleErrors(tooLong.error)).toEqual([
      "durationMinutes: mute for at most 30 days",
    ]);
    expect(AlertMuteSpec.safeParse({ target: { fingerprint: "xyz" }, durationMinutes: 5 }).success).toBe(
      false,
    );
  });
});

describe("AlertPrefsSpec", () => {
  it("takes a time zone, quiet hours, business hours and a digest schedule, each optional", () => {
    expect(AlertPrefsSpec.safeParse({}).success).toBe(true);
    expect(
      AlertPrefsSpec.safeParse({
        timeZone: "Europe/Berlin",
        quietHours: { start: "22:00", end: "07:00" },
        businessHours: { days: [1, 2, 3, 4], start: "08:00", end: "16:30" },
        digest: { dailyHour: 8 },
      }).success,
    ).toBe(true);
  });

  it("says what is wrong", () => {
    const errors = (spec: unknown) => {
      const result = AlertPrefsSpec.safeParse(spec);
      return result.success ? [] : ruleErrors(result.error);
    };
    expect(errors({ timeZone: "Mars/Olympus" })).toEqual([
      "timeZone: must be an IANA time zone such as Europe/Berlin or UTC",
    ]);
    expect(errors({ quietHours: { start: "22:00", end: "25:00" } })).toEqual([
      "quietHours.end: must be a time of day as HH:MM (00:00-23:59)",
    ]);
    expect(errors({ businessHours: { days: [], start: "09:00", end: "18:00" } })).toEqual([
      "businessHours.days: choose at least one working day",
    ]);
    expect(errors({ businessHours: { days: [7], start: "09:00", end: "09:00" } })).toEqual([
      "businessHours.days.0: weekday must be 0 (Sunday) to 6 (Saturday)",
    ]);
    expect(errors({ businessHours: { days: [1], start: "09:00", end: "09:00" } })).toEqual([
      "businessHours: business hours must start and end at different times",
    ]);
    expect(errors({ digest: { dailyHour: 24 } })).toEqual(["digest.dailyHour: hour must be 0-23"]);
  });
});
