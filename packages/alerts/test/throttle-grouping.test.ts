import { describe, expect, it } from "vitest";
import { type AlertInput, emptyState, step, stepAll } from "../src";
import { ALICE, brief, config, crash, MINUTE, MONDAY_10, pod, rule, tick } from "./fixtures";

const crashes = config([rule()]);

describe("a single crash", () => {
  it("reaches the subscriber as one DM with the reason, exit code, restarts and last log lines", () => {
    const { deliveries } = step(emptyState(), crash(pod("api-1")), MONDAY_10, crashes);
    expect(deliveries).toHaveLength(1);
    const [dm] = deliveries;
    expect(dm).toMatchObject({
      recipient: ALICE,
      channel: "dm",
      kind: "alert",
      severity: "HIGH",
      title: "Pod shop/api-1 is crashing (OOMKilled, exit 137)",
      ruleId: "r-crash",
      links: [{ label: "Pod shop/api-1", href: "/clusters/prod/namespaces/shop/pods/api-1" }],
    });
    expect(dm?.lines).toEqual([
      "Cluster: prod",
      "Owner: Deployment api",
      "Container: api",
      "Reason: OOMKilled",
      "Exit code: 137: the process was killed with SIGKILL (a failed liveness probe, a forced stop after the grace period, or the kernel)",
      "Restarts: 5",
      "Last log lines:",
      "  starting",
      "  loading cache",
      "  allocating 2Gi",
    ]);
    expect(dm?.fingerprints).toHaveLength(1);
    expect(dm?.actions?.map((a) => a.type)).toEqual(["diagnose", "mute"]);
  });

  it("goes to every channel of every subscriber, and only to rules whose scope holds the pod", () => {
    const rules = [
      rule({
        subscribers: [
          { kind: "person", id: ALICE, via: ["dm", "email", "web"] },
          { kind: "channel", id: "300" },
        ],
      }),
      rule({ id: "r-other", scope: { kind: "namespace", namespace: "billing" } }),
      rule({
        id: "r-web",
        scope: { kind: "workload", namespace: "shop", workload: "Deployment", name: "web" },
      }),
    ];
    const { deliveries } = step(emptyState(), crash(pod("api-1")), MONDAY_10, config(rules));
    expect(deliveries.map((d) => `${d.recipient}/${d.channel}/${d.ruleId}`)).toEqual([
      `${ALICE}/dm/r-crash`,
      `${ALICE}/email/r-crash`,
      `${ALICE}/web/r-crash`,
      "300/channel/r-crash",
    ]);
    expect(new Set(deliveries.map((d) => d.key)).size).toBe(4);
  });
});

describe("throttle", () => {
  it("sends at most one alert per resource per 5 minutes, however it flaps", () => {
    const pod1 = pod("api-1", null);
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: crash(pod1), now: MONDAY_10 },
        { input: crash(pod1, "cleared"), now: MONDAY_10 + 1 * MINUTE },
        { input: crash(pod1), now: MONDAY_10 + 2 * MINUTE },
        { input: crash(pod1, "cleared"), now: MONDAY_10 + 3 * MINUTE },
        { input: crash(pod1), now: MONDAY_10 + 3.5 * MINUTE },
        { input: tick, now: MONDAY_10 + 4.9 * MINUTE },
        { input: tick, now: MONDAY_10 + 5 * MINUTE },
        { input: tick, now: MONDAY_10 + 6 * MINUTE },
      ],
      crashes,
    );
    // The alert, its resolved, then nothing until the window ends; the second episode's alert then.
    expect(brief(deliveries).map((d) => d.kind)).toEqual(["alert", "resolved", "alert"]);
    expect(deliveries[1]?.title).toBe("Resolved: Pod shop/api-1 is crashing (OOMKilled, exit 137)");
  });

  it("does not say resolved for an episode that never reached anyone", () => {
    const pod1 = pod("api-1", null);
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: crash(pod1), now: MONDAY_10 },
        { input: crash(pod1, "cleared"), now: MONDAY_10 + MINUTE },
        { input: crash(pod1), now: MONDAY_10 + 2 * MINUTE }, // throttled …
        { input: crash(pod1, "cleared"), now: MONDAY_10 + 3 * MINUTE }, // … and gone before the window ends
        { input: tick, now: MONDAY_10 + 10 * MINUTE },
      ],
      crashes,
    );
    expect(brief(deliveries).map((d) => d.kind)).toEqual(["alert", "resolved"]);
  });

  it("is configurable, globally and per rule", () => {
    const inputs = (p = pod("api-1", null)) => [
      { input: crash(p), now: MONDAY_10 },
      { input: crash(p, "cleared"), now: MONDAY_10 + MINUTE },
      { input: crash(p), now: MONDAY_10 + 2 * MINUTE },
      { input: tick, now: MONDAY_10 + 5 * MINUTE },
      { input: tick, now: MONDAY_10 + 10 * MINUTE },
    ];
    const kindsAt = (cfg: ReturnType<typeof config>) =>
      stepAll(emptyState(), inputs(), cfg).deliveries.length;
    expect(kindsAt(config([rule()]))).toBe(3); // alert, resolved, alert at 5 min
    expect(kindsAt(config([rule()], { throttleMs: 10 * MINUTE }))).toBe(3); // the second alert at 10 min
    expect(kindsAt(config([rule()], { throttleMs: 11 * MINUTE }))).toBe(2);
    expect(kindsAt(config([rule({ throttleMinutes: 11 })]))).toBe(2);
    const at = stepAll(emptyState(), inputs(), config([rule()], { throttleMs: 10 * MINUTE }));
    expect(at.deliveries[2]?.kind).toBe("alert");
  });
});

describe("grouping", () => {
  it("turns 1,000 crashing pods of one Deployment within a minute into one message per throttle window", () => {
    const inputs: { input: AlertInput; now: number }[] = [];
    for (let i = 0; i < 1000; i++) inputs.push({ input: crash(pod(`api-${i}`)), now: MONDAY_10 + i * 60 });
    for (let t = 1; t <= 20; t++) inputs.push({ input: tick, now: MONDAY_10 + t * 30_000 });

    let state = emptyState();
    const sent: { at: number; kind: string; title: string; fingerprints: number }[] = [];
    for (const { input, now } of inputs) {
      const result = step(state, input, now, crashes);
      state = result.state;
      for (const d of result.deliveries)
        sent.push({ at: now - MONDAY_10, kind: d.kind, title: d.title, fingerprints: d.fingerprints.length });
    }
    expect(sent).toEqual([
      { at: 0, kind: "alert", title: "Pod shop/api-0 is crashing (OOMKilled, exit 137)", fingerprints: 1 },
      {
        at: 5 * MINUTE,
        kind: "grouped",
        title: "999 pods of Deployment shop/api are crashing",
        fingerprints: 999,
      },
    ]);
  });

  it("lists the members under an example, capped, and keeps each workload apart", () => {
    const inputs: { input: AlertInput; now: number }[] = [];
    for (let i = 0; i < 120; i++)
      inputs.push({
        input: crash(pod(`p-${i}`, i % 2 ? "web" : "api")),
        now: MONDAY_10 + 10 * MINUTE + i * 100,
      });
    const cfg = config([rule()], { groupWaitMs: 30_000 });
    const { deliveries } = stepAll(
      emptyState(),
      [
        ...inputs,
        { input: tick, now: MONDAY_10 + 10.5 * MINUTE },
        { input: tick, now: MONDAY_10 + 11 * MINUTE },
      ],
      cfg,
    );
    expect(brief(deliveries).map((d) => d.title)).toEqual([
      "60 pods of Deployment shop/api are crashing",
      "60 pods of Deployment shop/web are crashing",
    ]);
    const lines = deliveries[0]?.lines ?? [];
    expect(lines[0]).toBe("Example, shop/p-0:");
    expect(lines).toContain("Reason: OOMKilled");
    expect(lines).toContain("shop/p-2 (OOMKilled, exit 137, 5 restarts)");
    expect(lines.at(-1)).toBe("… and 10 more");
    expect(deliveries[0]?.links).toEqual([
      { label: "Deployment api", href: "/clusters/prod/resources/deployments/api?namespace=shop" },
    ]);
    expect(deliveries[0]?.actions?.[0]).toEqual({
      type: "diagnose",
      target: { cluster: "prod", kind: "Deployment", namespace: "shop", name: "api" },
    });
  });

  it("groups pods without an owner by their cause: the image that cannot be pulled", () => {
    const pull = (name: string, image: string): AlertInput => ({
      type: "condition",
      condition: "image-pull",
      state: "firing",
      resource: pod(name, null),
      details: { image, error: "pull access denied, repository does not exist or may require authorization" },
    });
    const cfg = config([rule({ id: "r-pull", type: "image-pull" })], { groupWaitMs: 10_000 });
    const { deliveries } = stepAll(
      emptyState(),
      [
        { input: pull("a", "registry.example/shop:1"), now: MONDAY_10 },
        { input: pull("b", "registry.example/shop:1"), now: MONDAY_10 + 1000 },
        { input: pull("c", "registry.example/other:2"), now: MONDAY_10 + 2000 },
        { input: tick, now: MONDAY_10 + 15_000 },
      ],
      cfg,
    );
    expect(brief(deliveries).map((d) => [d.kind, d.title])).toEqual([
      ["grouped", "2 pods cannot pull their image"],
      ["alert", "Pod shop/c cannot pull its image"],
    ]);
  });

  it("says resolved once for the whole group", () => {
    const inputs: { input: AlertInput; now: number }[] = [];
    for (let i = 0; i < 30; i++) inputs.push({ input: crash(pod(`api-${i}`)), now: MONDAY_10 });
    inputs.push({ input: tick, now: MONDAY_10 + 5 * MINUTE });
    for (let i = 0; i < 30; i++)
      inputs.push({ input: crash(pod(`api-${i}`), "cleared"), now: MONDAY_10 + 6 * MINUTE });
    inputs.push({ input: tick, now: MONDAY_10 + 12 * MINUTE });
    const { deliveries, state } = stepAll(emptyState(), inputs, crashes);
    // Once its windows have closed, nothing is left of the group.
    const later = step(state, tick, MONDAY_10 + 17 * MINUTE, crashes);
    expect(brief(deliveries).map((d) => [d.kind, d.title])).toEqual([
      ["alert", "Pod shop/api-0 is crashing (OOMKilled, exit 137)"],
      ["grouped", "29 pods of Deployment shop/api are crashing"],
      ["resolved", "Resolved: Pod shop/api-0 is crashing (OOMKilled, exit 137)"],
      ["resolved", "Resolved: 29 pods were crashing"],
    ]);
    // Resolved messages share one window: the first at once, the rest together when it ends.
    expect(state.conditions).toEqual({});
    expect(Object.keys(state.groups)).toHaveLength(1);
    expect(later.state.groups).toEqual({});
    expect(later.deliveries).toEqual([]);
  });
});
