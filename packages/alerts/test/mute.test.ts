import { describe, expect, it } from "vitest";
import { emptyState, fingerprint, stepAll } from "../src";
import { brief, config, crash, MINUTE, MONDAY_10, pod, rule, tick } from "./fixtures";

const crashes = config([rule()]);
const p1 = pod("api-1", null);
const p2 = pod("api-2", null);

describe("mute", () => {
  it("silences a rule for its duration, then alerts on what still fires", () => {
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: { type: "mute", target: { ruleId: "r-crash" }, durationMs: 30 * MINUTE }, now: MONDAY_10 },
        { input: crash(p1), now: MONDAY_10 + MINUTE },
        { input: crash(p2), now: MONDAY_10 + 2 * MINUTE },
        { input: crash(p2, "cleared"), now: MONDAY_10 + 3 * MINUTE },
        { input: tick, now: MONDAY_10 + 29 * MINUTE },
        { input: tick, now: MONDAY_10 + 30 * MINUTE },
      ],
      crashes,
    );
    // api-2 came and went during the mute: nothing about it, ever. api-1 still crashes when it ends.
    expect(brief(deliveries).map((d) => [d.kind, d.title])).toEqual([
      ["alert", "Pod shop/api-1 is crashing (OOMKilled, exit 137)"],
    ]);
  });

  it("silences one fingerprint and leaves the rule's other resources alone", () => {
    const muted = fingerprint("r-crash", p1);
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: { type: "mute", target: { fingerprint: muted }, durationMs: 60 * MINUTE }, now: MONDAY_10 },
        { input: crash(p1), now: MONDAY_10 },
        { input: crash(p2), now: MONDAY_10 },
      ],
      crashes,
    );
    expect(brief(deliveries).map((d) => d.title)).toEqual([
      "Pod shop/api-2 is crashing (OOMKilled, exit 137)",
    ]);
    expect(deliveries[0]?.fingerprints).toEqual([fingerprint("r-crash", p2)]);
  });

  it("sends no resolved while muted, and lifts early on unmute", () => {
    const target = { fingerprint: fingerprint("r-crash", p1) };
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: crash(p1), now: MONDAY_10 },
        { input: { type: "mute", target, durationMs: 60 * MINUTE }, now: MONDAY_10 + MINUTE },
        { input: crash(p1, "cleared"), now: MONDAY_10 + 2 * MINUTE },
        { input: { type: "unmute", target }, now: MONDAY_10 + 10 * MINUTE },
        { input: crash(p1), now: MONDAY_10 + 11 * MINUTE },
        { input: crash(p1, "cleared"), now: MONDAY_10 + 12 * MINUTE },
      ],
      crashes,
    );
    expect(brief(deliveries).map((d) => d.kind)).toEqual(["alert", "alert", "resolved"]);
  });

  it("mutes a whole group from a grouped message's Mute button", () => {
    const first = stepAll(
      emptyState(),
      [
        { input: crash(pod("api-1")), now: MONDAY_10 },
        { input: crash(pod("api-2")), now: MONDAY_10 },
        { input: crash(pod("api-4")), now: MONDAY_10 },
        { input: tick, now: MONDAY_10 + 5 * MINUTE },
      ],
      crashes,
    );
    const mute = first.deliveries[1]?.actions?.find((a) => a.type === "mute");
    expect(first.deliveries[1]?.kind).toBe("grouped");
    expect(mute?.target).toHaveProperty("group");
    if (mute?.type !== "mute") throw new Error("a grouped message offers Mute");
    const after = stepAll(
      first.state,
      [
        {
          input: { type: "mute", target: mute.target, durationMs: 60 * MINUTE },
          now: MONDAY_10 + 6 * MINUTE,
        },
        { input: crash(pod("api-3")), now: MONDAY_10 + 20 * MINUTE },
        { input: crash(pod("api-9", "web")), now: MONDAY_10 + 20 * MINUTE },
      ],
      crashes,
    );
    expect(brief(after.deliveries).map((d) => d.title)).toEqual([
      "Pod shop/api-9 is crashing (OOMKilled, exit 137)",
    ]);
  });

  it("also silences a resolved that was waiting for its window when the mute came", () => {
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: crash(pod("api-1")), now: MONDAY_10 },
        { input: crash(pod("api-2")), now: MONDAY_10 },
        { input: tick, now: MONDAY_10 + 5 * MINUTE }, // api-2's alert
        { input: crash(pod("api-1"), "cleared"), now: MONDAY_10 + 6 * MINUTE }, // resolved at once
        { input: crash(pod("api-2"), "cleared"), now: MONDAY_10 + 7 * MINUTE }, // waits for the window
        {
          input: { type: "mute", target: { ruleId: "r-crash" }, durationMs: 60 * MINUTE },
          now: MONDAY_10 + 8 * MINUTE,
        },
        { input: tick, now: MONDAY_10 + 12 * MINUTE },
      ],
      crashes,
    );
    expect(brief(deliveries).map((d) => [d.kind, d.title])).toEqual([
      ["alert", "Pod shop/api-1 is crashing (OOMKilled, exit 137)"],
      ["alert", "Pod shop/api-2 is crashing (OOMKilled, exit 137)"],
      ["resolved", "Resolved: Pod shop/api-1 is crashing (OOMKilled, exit 137)"],
    ]);
  });
});
