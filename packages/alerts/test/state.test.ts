import { describe, expect, it } from "vitest";
import { type AlertInput, type AlertsState, emptyState, fingerprint, step, stepAll } from "../src";
import { ALICE, config, crash, MINUTE, pod, rule, tick } from "./fixtures";

const utc = (iso: string) => Date.parse(iso);
const cfg = config([rule(), rule({ id: "r-jobs", type: "job-failed" })], {
  people: { [ALICE]: { timeZone: "Europe/Berlin", quietHours: { start: "22:00", end: "07:00" } } },
});
const jobFailed: AlertInput = {
  type: "condition",
  condition: "job-failed",
  state: "firing",
  resource: { cluster: "prod", kind: "Job", namespace: "shop", name: "nightly", owner: null },
};
const muted = pod("api-7", null);

/** A day of inputs touching every kind of state: throttle, groups, a mute, held alerts, the digest. */
const day: { input: AlertInput; now: number }[] = [
  { input: crash(pod("api-1")), now: utc("2026-11-30T10:00:00Z") },
  { input: crash(pod("api-2")), now: utc("2026-11-30T10:01:00Z") },
  {
    input: {
      type: "mute",
      target: { fingerprint: fingerprint("r-crash", muted) },
      durationMs: 24 * 60 * MINUTE,
    },
    now: utc("2026-11-30T10:02:00Z"),
  },
  { input: jobFailed, now: utc("2026-11-30T10:03:00Z") },
  { input: crash(pod("api-3")), now: utc("2026-11-30T10:03:30Z") },
  // ---- the process restarts here in the second run ----
  { input: crash(pod("api-4")), now: utc("2026-11-30T10:04:00Z") },
  { input: crash(muted), now: utc("2026-11-30T10:04:30Z") },
  { input: tick, now: utc("2026-11-30T10:05:00Z") },
  { input: crash(pod("api-1"), "cleared"), now: utc("2026-11-30T10:06:00Z") },
  { input: crash(pod("api-9", null)), now: utc("2026-11-30T22:30:00Z") },
  { input: tick, now: utc("2026-12-01T06:00:00Z") },
  { input: tick, now: utc("2026-12-01T08:00:00Z") },
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe("state", () => {
  it("survives a restart: reloaded from JSON mid-sequence, the same deliveries follow", () => {
    const straight = stepAll(emptyState(), day, cfg);

    const before = stepAll(emptyState(), day.slice(0, 5), cfg);
    const reloaded = JSON.parse(JSON.stringify(before.state)) as AlertsState;
    const after = stepAll(reloaded, day.slice(5), cfg);
    expect([...before.deliveries, ...after.deliveries]).toEqual(straight.deliveries);
    expect(after.state).toEqual(straight.state);

    // What the reload carried mattered: starting the second half from nothing sends other things
    // (the throttle and the mute are lost).
    const forgotten = stepAll(emptyState(), day.slice(5), cfg);
    expect(forgotten.deliveries.map((d) => d.title)).not.toEqual(after.deliveries.map((d) => d.title));
    expect(after.deliveries.map((d) => `${d.kind} ${d.title}`)).toEqual([
      "grouped 3 pods of Deployment shop/api are crashing",
      "resolved Resolved: Pod shop/api-1 is crashing (OOMKilled, exit 137)",
      "alert Pod shop/api-9 is crashing (OOMKilled, exit 137)",
      "digest Daily alert digest: 1 alert",
    ]);
  });

  it("is plain JSON: nothing is lost or changed by a round trip at any point", () => {
    let state = emptyState();
    for (const { input, now } of day) {
      state = step(state, input, now, cfg).state;
      expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
    }
  });

  it("leaves the state it was given untouched", () => {
    let state = deepFreeze(emptyState());
    for (const { input, now } of day) {
      const snapshot = JSON.stringify(state);
      const next = step(state, input, now, cfg).state;
      expect(JSON.stringify(state)).toBe(snapshot);
      state = deepFreeze(next);
    }
    expect(Object.keys(state.conditions).length).toBeGreaterThan(0);
  });

  it("forgets the conditions and groups of a deleted rule", () => {
    const { state } = stepAll(emptyState(), day.slice(0, 5), cfg);
    const withoutCrashRule = config([rule({ id: "r-jobs", type: "job-failed" })]);
    const next = step(state, tick, utc("2026-11-30T10:04:00Z"), withoutCrashRule);
    expect(Object.values(next.state.conditions).map((c) => c.ruleId)).toEqual(["r-jobs"]);
    expect(Object.values(next.state.groups).every((g) => g.ruleId === "r-jobs")).toBe(true);
    expect(next.deliveries).toEqual([]);
  });

  it("replays a step to the same delivery keys (the notify idempotency key drops repeats)", () => {
    const once = step(emptyState(), crash(pod("api-1")), utc("2026-11-30T10:00:00Z"), cfg);
    const again = step(emptyState(), crash(pod("api-1")), utc("2026-11-30T10:00:00Z"), cfg);
    const later = step(emptyState(), crash(pod("api-1")), utc("2026-11-30T10:10:00Z"), cfg);
    expect(again.deliveries.map((d) => d.key)).toEqual(once.deliveries.map((d) => d.key));
    expect(later.deliveries.map((d) => d.key)).not.toEqual(once.deliveries.map((d) => d.key));
  });
});
