import { describe, expect, it } from "vitest";
import {
  type AlertInput,
  type AlertRule,
  type AlertsConfig,
  emptyState,
  type RecipientPrefs,
  stepAll,
} from "../src";
import { ALICE, BOB, brief, config, crash, pod, rule, tick } from "./fixtures";

const utc = (iso: string) => Date.parse(iso);
const allWeek = {
  days: [0, 1, 2, 3, 4, 5, 6],
  start: "00:00",
  end: "23:59",
} as RecipientPrefs["businessHours"];
const berlinNights: Partial<RecipientPrefs> = {
  timeZone: "Europe/Berlin",
  quietHours: { start: "22:00", end: "07:00" },
  businessHours: allWeek,
};

const jobFailed = (name = "nightly", state: "firing" | "cleared" = "firing"): AlertInput => ({
  type: "condition",
  condition: "job-failed",
  state,
  resource: { cluster: "prod", kind: "Job", namespace: "shop", name, owner: null },
  details: { reason: "BackoffLimitExceeded" },
});
const nodeDown: AlertInput = {
  type: "condition",
  condition: "node-not-ready",
  state: "firing",
  resource: { cluster: "prod", kind: "Node", namespace: null, name: "node-3", owner: null },
  details: { message: "Kubelet stopped posting node status." },
};

const rules: AlertRule[] = [
  rule(),
  rule({ id: "r-jobs", type: "job-failed" }),
  rule({ id: "r-nodes", type: "node-not-ready", scope: { kind: "cluster" } }),
];

/** Each step's deliveries, labelled with the step's time, for asserting when things went out. */
function timeline(inputs: { input: AlertInput; now: number }[], cfg: AlertsConfig) {
  return stepAll(emptyState(), inputs, cfg).deliveries;
}
function sentAt(inputs: { input: AlertInput; now: number }[], cfg: AlertsConfig) {
  let state = emptyState();
  const out: { at: string; kind: string; title: string }[] = [];
  for (const { input, now } of inputs) {
    const result = stepAll(state, [{ input, now }], cfg);
    state = result.state;
    for (const d of result.deliveries)
      out.push({ at: new Date(now).toISOString(), kind: d.kind, title: d.title });
  }
  return out;
}

describe("quiet hours", () => {
  const cfg = config(rules, { people: { [ALICE]: berlinNights } });

  it("hold a HIGH alert until they end, then deliver it (window across midnight, Berlin time)", () => {
    expect(
      sentAt(
        [
          { input: crash(pod("api-1")), now: utc("2026-11-30T21:30:00Z") }, // 22:30 in Berlin
          { input: tick, now: utc("2026-12-01T05:59:00Z") }, // 06:59
          { input: tick, now: utc("2026-12-01T06:00:00Z") }, // 07:00
          { input: tick, now: utc("2026-12-01T06:01:00Z") },
        ],
        cfg,
      ),
    ).toEqual([
      {
        at: "2026-12-01T06:00:00.000Z",
        kind: "alert",
        title: "Pod shop/api-1 is crashing (OOMKilled, exit 137)",
      },
    ]);
  });

  it("never hold a CRITICAL one", () => {
    expect(sentAt([{ input: nodeDown, now: utc("2026-11-30T23:00:00Z") }], cfg)).toEqual([
      { at: "2026-11-30T23:00:00.000Z", kind: "alert", title: "Node node-3 is NotReady" },
    ]);
  });

  it("hold a MEDIUM one, then put it into the daily digest", () => {
    const sent = timeline(
      [
        { input: jobFailed(), now: utc("2026-11-30T21:30:00Z") }, // 22:30, quiet
        { input: tick, now: utc("2026-12-01T06:00:00Z") }, // 07:00: quiet ends, into the digest
        { input: tick, now: utc("2026-12-01T07:59:00Z") },
        { input: tick, now: utc("2026-12-01T08:00:00Z") }, // 09:00: the daily digest
      ],
      cfg,
    );
    expect(brief(sent)).toEqual([
      { to: ALICE, channel: "dm", kind: "digest", title: "Daily alert digest: 1 alert" },
    ]);
    expect(sent[0]?.lines).toEqual([
      "Times in Europe/Berlin",
      "2026-11-30 22:30 MEDIUM Job shop/nightly failed",
    ]);
  });

  it("hold a digest that falls due inside them", () => {
    const early = config(rules, { people: { [ALICE]: berlinNights }, digest: { dailyHour: 5 } });
    const sent = sentAt(
      [
        { input: jobFailed(), now: utc("2026-11-30T12:00:00Z") },
        { input: tick, now: utc("2026-12-01T04:00:00Z") }, // 05:00 in Berlin: due, but quiet
        { input: tick, now: utc("2026-12-01T06:00:00Z") }, // 07:00
      ],
      early,
    );
    expect(sent.map((s) => s.at)).toEqual(["2026-12-01T06:00:00.000Z"]);
  });

  it("follow daylight saving: an end the clock skips (spring forward) ends them at the jump", () => {
    const late = config(rules, {
      people: { [ALICE]: { ...berlinNights, quietHours: { start: "22:00", end: "02:30" } } },
    });
    // 29 March 2026: Berlin goes from 02:00 CET straight to 03:00 CEST (01:00 UTC).
    const sent = sentAt(
      [
        { input: crash(pod("api-1")), now: utc("2026-03-28T22:00:00Z") }, // 23:00 CET
        { input: tick, now: utc("2026-03-29T00:59:00Z") }, // 01:59 CET
        { input: tick, now: utc("2026-03-29T01:00:00Z") }, // 03:00 CEST
      ],
      late,
    );
    expect(sent.map((s) => s.at)).toEqual(["2026-03-29T01:00:00.000Z"]);
  });

  it("follow daylight saving: an end the clock passes twice (fall back) ends them the first time", () => {
    const late = config(rules, {
      people: { [ALICE]: { ...berlinNights, quietHours: { start: "22:00", end: "02:30" } } },
    });
    // 25 October 2026: 02:30 CEST is 00:30 UTC; the clock later shows 02:30 again, in CET.
    const sent = sentAt(
      [
        { input: crash(pod("api-1")), now: utc("2026-10-24T21:00:00Z") }, // 23:00 CEST
        { input: tick, now: utc("2026-10-25T00:29:00Z") },
        { input: tick, now: utc("2026-10-25T00:30:00Z") },
        { input: tick, now: utc("2026-10-25T01:30:00Z") },
      ],
      late,
    );
    expect(sent.map((s) => s.at)).toEqual(["2026-10-25T00:30:00.000Z"]);
  });

  it("are a person's: a guild channel gets the HIGH alert at once", () => {
    const toChannel = config(
      [
        rule({
          subscribers: [
            { kind: "person", id: ALICE, via: ["dm"] },
            { kind: "channel", id: "300" },
          ],
        }),
      ],
      { people: { [ALICE]: berlinNights }, channels: { "300": { businessHours: allWeek } } },
    );
    const sent = timeline([{ input: crash(pod("api-1")), now: utc("2026-11-30T21:30:00Z") }], toChannel);
    expect(brief(sent).map((d) => d.channel)).toEqual(["channel"]);
  });
});

describe("business hours", () => {
  const cfg = config([rule({ subscribers: [{ kind: "person", id: BOB, via: ["dm", "web"] }] })], {
    people: { [BOB]: { timeZone: "America/New_York" } },
  });

  it("hold a HIGH alert until the person's working day starts (Mon-Fri 09-18 by default)", () => {
    const sent = sentAt(
      [
        { input: crash(pod("api-1")), now: utc("2026-11-30T12:00:00Z") }, // Monday 07:00 in New York
        { input: tick, now: utc("2026-11-30T13:59:00Z") },
        { input: tick, now: utc("2026-11-30T14:00:00Z") }, // 09:00
      ],
      cfg,
    );
    expect(sent.map((s) => [s.at, s.kind])).toEqual([
      ["2026-11-30T14:00:00.000Z", "alert"],
      ["2026-11-30T14:00:00.000Z", "alert"],
    ]);
  });

  it("carry Friday evening's alert over the weekend, with its resolved after it, not before", () => {
    const sent = sentAt(
      [
        { input: crash(pod("api-1", null)), now: utc("2026-12-04T23:30:00Z") }, // Friday 18:30
        { input: crash(pod("api-1", null), "cleared"), now: utc("2026-12-05T15:00:00Z") }, // Saturday
        { input: tick, now: utc("2026-12-06T15:00:00Z") }, // Sunday
        { input: tick, now: utc("2026-12-07T14:00:00Z") }, // Monday 09:00
      ],
      cfg,
    );
    expect(sent.map((s) => [s.at, s.kind])).toEqual([
      ["2026-12-07T14:00:00.000Z", "alert"],
      ["2026-12-07T14:00:00.000Z", "alert"],
      ["2026-12-07T14:00:00.000Z", "resolved"],
      ["2026-12-07T14:00:00.000Z", "resolved"],
    ]);
  });

  it("let a resolved through at once when its alert already went out", () => {
    const sent = sentAt(
      [
        { input: crash(pod("api-1", null)), now: utc("2026-12-04T22:00:00Z") }, // Friday 17:00
        { input: crash(pod("api-1", null), "cleared"), now: utc("2026-12-04T23:30:00Z") }, // 18:30
      ],
      cfg,
    );
    expect(sent.map((s) => [s.at, s.kind])).toEqual([
      ["2026-12-04T22:00:00.000Z", "alert"],
      ["2026-12-04T22:00:00.000Z", "alert"],
      ["2026-12-04T23:30:00.000Z", "resolved"],
      ["2026-12-04T23:30:00.000Z", "resolved"],
    ]);
  });
});

describe("digests", () => {
  it("gather MEDIUM alerts into one daily digest at the configured hour", () => {
    const cfg = config(rules, { digest: { dailyHour: 7 } });
    const sent = sentAt(
      [
        { input: jobFailed("a"), now: utc("2026-11-30T10:00:00Z") },
        { input: jobFailed("b"), now: utc("2026-11-30T15:00:00Z") },
        { input: tick, now: utc("2026-12-01T06:59:00Z") },
        { input: tick, now: utc("2026-12-01T07:00:00Z") },
        { input: tick, now: utc("2026-12-02T07:00:00Z") },
      ],
      cfg,
    );
    expect(sent).toEqual([
      { at: "2026-12-01T07:00:00.000Z", kind: "digest", title: "Daily alert digest: 2 alerts" },
    ]);
    const [digest] = timeline(
      [
        { input: jobFailed("a"), now: utc("2026-11-30T10:00:00Z") },
        { input: jobFailed("a", "cleared"), now: utc("2026-11-30T10:05:00Z") },
        { input: tick, now: utc("2026-12-01T07:00:00Z") },
      ],
      cfg,
    );
    expect(digest?.title).toBe("Daily alert digest: 1 alert, 1 resolved");
    expect(digest?.lines).toEqual([
      "Times in UTC",
      "2026-11-30 10:00 MEDIUM Job shop/a failed",
      "2026-11-30 10:05 MEDIUM Resolved: Job shop/a failed",
    ]);
  });

  it("gather LOW alerts into the weekly digest on the configured day (Monday 09:00 by default)", () => {
    const low = [rule({ severity: "LOW" }), rules[1] as AlertRule];
    const inputs = [
      { input: crash(pod("api-1")), now: utc("2026-12-01T10:00:00Z") }, // Tuesday
      { input: jobFailed(), now: utc("2026-12-01T11:00:00Z") },
      { input: tick, now: utc("2026-12-02T09:00:00Z") }, // Wednesday: the daily digest only
      { input: tick, now: utc("2026-12-04T17:00:00Z") }, // Friday 17:00
      { input: tick, now: utc("2026-12-07T09:00:00Z") }, // Monday 09:00
    ];
    expect(sentAt(inputs, config(low)).map((s) => [s.at, s.title])).toEqual([
      ["2026-12-02T09:00:00.000Z", "Daily alert digest: 1 alert"],
      ["2026-12-07T09:00:00.000Z", "Weekly alert digest: 1 alert"],
    ]);
    expect(
      sentAt(inputs, config(low, { digest: { weeklyDay: 5, weeklyHour: 17 } })).map((s) => s.at),
    ).toEqual(["2026-12-02T09:00:00.000Z", "2026-12-04T17:00:00.000Z"]);
  });

  it("follow a person's own schedule over the deployment's", () => {
    const cfg = config(rules, {
      digest: { dailyHour: 7 },
      people: { [ALICE]: { digest: { dailyHour: 12 } } },
    });
    const sent = sentAt(
      [
        { input: jobFailed(), now: utc("2026-11-30T13:00:00Z") },
        { input: tick, now: utc("2026-12-01T07:00:00Z") },
        { input: tick, now: utc("2026-12-01T12:00:00Z") },
      ],
      cfg,
    );
    expect(sent.map((s) => s.at)).toEqual(["2026-12-01T12:00:00.000Z"]);
  });

  it("read a time zone the runtime does not know as UTC instead of failing the step", () => {
    const cfg = config(rules, { people: { [ALICE]: { timeZone: "Mars/Olympus" } } });
    const sent = sentAt(
      [
        { input: jobFailed(), now: utc("2026-11-30T13:00:00Z") },
        { input: tick, now: utc("2026-12-01T09:00:00Z") },
      ],
      cfg,
    );
    expect(sent.map((s) => s.at)).toEqual(["2026-12-01T09:00:00.000Z"]);
  });

  it("go out on the person's own clock", () => {
    const cfg = config(rules, { people: { [ALICE]: { timeZone: "Asia/Tokyo" } } });
    const sent = sentAt(
      [
        { input: jobFailed(), now: utc("2026-11-30T10:00:00Z") }, // 19:00 in Tokyo
        { input: tick, now: utc("2026-11-30T23:59:00Z") },
        { input: tick, now: utc("2026-12-01T00:00:00Z") }, // 09:00 in Tokyo
      ],
      cfg,
    );
    expect(sent.map((s) => s.at)).toEqual(["2026-12-01T00:00:00.000Z"]);
  });
});

describe("held messages", () => {
  it("are dropped when the person unsubscribes meanwhile, and follow a change of channels", () => {
    const subscribed = config([rule()], { people: { [ALICE]: berlinNights } });
    const held = stepAll(
      emptyState(),
      [{ input: crash(pod("api-1")), now: utc("2026-11-30T21:30:00Z") }],
      subscribed,
    );
    expect(held.deliveries).toEqual([]);
    const morning = utc("2026-12-01T06:00:00Z");

    const gone = config([rule({ subscribers: [{ kind: "channel", id: "300" }] })], {
      people: { [ALICE]: berlinNights },
    });
    expect(stepAll(held.state, [{ input: tick, now: morning }], gone).deliveries).toEqual([]);

    const moved = config([rule({ subscribers: [{ kind: "person", id: ALICE, via: ["email", "web"] }] })], {
      people: { [ALICE]: berlinNights },
    });
    expect(
      brief(stepAll(held.state, [{ input: tick, now: morning }], moved).deliveries).map((d) => d.channel),
    ).toEqual(["email", "web"]);
  });
});
