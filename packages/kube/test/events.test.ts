import { describe, expect, it } from "vitest";
import { eventsAbout, toResourceEvent } from "../src/resources/events";
import type { Obj } from "../src/resources/rows";

const event = (uid: string, name: string, extra: Partial<Obj> = {}): Obj => ({
  metadata: { name, namespace: "web", creationTimestamp: "2026-01-01T00:00:00Z" },
  involvedObject: { kind: "Pod", name: "api", uid },
  type: "Normal",
  reason: "Pulled",
  message: `${name} happened`,
  ...extra,
});

describe("events about an object", () => {
  it("keeps only the object's events, newest first, at most `max`", () => {
    const events = [
      event("u1", "old", { lastTimestamp: "2026-01-01T00:01:00Z" }),
      event("u2", "other", { lastTimestamp: "2026-01-01T00:09:00Z" }),
      event("u1", "newest", { lastTimestamp: "2026-01-01T00:05:00Z", type: "Warning", count: 4 }),
      event("u1", "middle", { eventTime: "2026-01-01T00:03:00Z" }),
    ];
    const about = eventsAbout("u1", events, 2);
    expect(about.map((e) => e.message)).toEqual(["newest happened", "middle happened"]);
    expect(about[0]).toEqual({
      type: "Warning",
      reason: "Pulled",
      message: "newest happened",
      count: 4,
      lastSeen: "2026-01-01T00:05:00Z",
    });
    expect(eventsAbout("u1", events, 10)).toHaveLength(3);
  });

  it("falls back from lastTimestamp to eventTime to creation, and counts a series of one", () => {
    expect(
      toResourceEvent(event("u", "a", { lastTimestamp: new Date("2026-02-03T04:05:06Z") })),
    ).toMatchObject({
      lastSeen: "2026-02-03T04:05:06.000Z",
      count: 1,
    });
    expect(toResourceEvent(event("u", "b")).lastSeen).toBe("2026-01-01T00:00:00Z");
    expect(toResourceEvent({ metadata: {} })).toEqual({
      type: "Normal",
      reason: "",
      message: "",
      count: 1,
      lastSeen: "",
    });
  });

  it("finds nothing for an object without a uid (never events with none)", () => {
    expect(eventsAbout(undefined, [{ metadata: {}, involvedObject: {} }], 5)).toEqual([]);
  });
});
