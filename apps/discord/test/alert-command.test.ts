import type { AlertRuleView } from "@clustercord/contracts";
import { type APIActionRowComponent, type APIComponentInMessageActionRow, ComponentType } from "discord.js";
import { describe, expect, it } from "vitest";
import { defaultRuleName, parseWorkload, ruleScope } from "../src/commands/alert";
import { diagnoseTarget, mutedRows } from "../src/commands/alert-buttons";
import { durationText, parseDuration } from "../src/commands/alert-duration";
import { renderAlertPrefs, renderRules, ruleField } from "../src/render/alerts";

const rule: AlertRuleView = {
  id: "r1",
  name: "api *crashes*",
  clusterId: "c1",
  clusterName: "prod",
  type: "high-cpu",
  scope: { kind: "workload", namespace: "shop", workload: "Deployment", name: "api" },
  threshold: 80,
  durationSeconds: 300,
  severity: "MEDIUM",
  throttleMinutes: 15,
  subscribers: [
    { kind: "person", id: "100000000000000009", via: ["web"] },
    { kind: "person", id: "100000000000000001", via: ["dm", "web"] },
    { kind: "channel", id: "300000000000000001" },
  ],
  createdBy: "100000000000000001",
  createdAt: "2026-11-30T10:00:00.000Z",
  mayDelete: true,
};

describe("/alert's option parsing", () => {
  it("reads durations as minutes, hours and days, and names the expected form otherwise", () => {
    expect(["30m", "2h", "1d", "1h 30m", "2D"].map(parseDuration)).toEqual([30, 120, 1440, 90, 2880]);
    expect(() => parseDuration("90")).toThrow('duration "90": say how long as minutes, hours or days');
    expect(() => parseDuration("0m")).toThrow("at least 1 minute");
    expect(() => parseDuration("31d")).toThrow("at most 30 days");
    expect([90, 2880, 60, 1].map(durationText)).toEqual(["1h30m", "2d", "1h", "1m"]);
  });

  it("makes the scope from namespace and workload (a bare name is a Deployment)", () => {
    expect(ruleScope(undefined, undefined)).toEqual({ kind: "cluster" });
    expect(ruleScope("shop", undefined)).toEqual({ kind: "namespace", namespace: "shop" });
    expect(ruleScope("shop", "statefulset/db")).toEqual({
      kind: "workload",
      namespace: "shop",
      workload: "StatefulSet",
      name: "db",
    });
    expect(parseWorkload("api")).toEqual({ workload: "Deployment", name: "api" });
    expect(() => ruleScope(undefined, "api")).toThrow("needs namespace:");
    expect(() => parseWorkload("Pod/x")).toThrow("the kind must be one of Deployment");
  });

  it("names a rule after what it watches", () => {
    expect(defaultRuleName("high-cpu", { kind: "namespace", namespace: "shop" }, 80)).toBe(
      "high-cpu > 80% in shop",
    );
    expect(defaultRuleName("pod-crash", { kind: "cluster" })).toBe("pod-crash cluster-wide");
  });
});

describe("the alert buttons", () => {
  it("diagnoses the resource, or its namespace when its kind has no analyzer", () => {
    expect(diagnoseTarget({ kind: "Pod", namespace: "shop", name: "api-1" })).toEqual({
      kind: "Pod",
      namespace: "shop",
      name: "api-1",
    });
    expect(diagnoseTarget({ kind: "Node", namespace: null, name: "n1" })).toEqual({
      kind: "Node",
      name: "n1",
    });
    expect(diagnoseTarget({ kind: "Service", namespace: "shop", name: "api" })).toEqual({
      kind: "Namespace",
      name: "shop",
    });
    expect(() => diagnoseTarget({ kind: "Budget", namespace: null, name: "b" })).toThrow(
      /nothing to diagnose/,
    );
  });

  it("replaces Mute with until-when and longer mutes, keeping the other buttons", () => {
    const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: 1, label: "Diagnose", custom_id: "alert:diagnose:e1" },
          { type: ComponentType.Button, style: 2, label: "Mute", custom_id: "alert:mute:e1" },
        ],
      },
    ];
    const out = mutedRows(rows, "2026-11-30T21:40:00.000Z", 60, (m) => `alert:mute:e1:-:${m}`);
    expect(out[0]?.components.map((c) => ("label" in c ? c.label : ""))).toEqual([
      "Diagnose",
      "Muted 1h · until 21:40 UTC",
      "Mute 8h",
      "Mute 24h",
    ]);
    expect(out[0]?.components[1]).toMatchObject({ disabled: true });
    expect(mutedRows(rows, "2026-12-01T20:40:00.000Z", 1440, () => "x")[0]?.components).toHaveLength(2);
  });
});

describe("the /alert renderers", () => {
  it("shows a rule's condition, scope, severity, throttle and subscribers, escaping its name", () => {
    const field = ruleField(rule, "100000000000000001");
    expect(field.name).toBe("api \\*crashes\\*");
    expect(field.value.split("\n")).toEqual([
      "high-cpu > 80% for 5 min on Deployment `api` in `shop` of `prod`",
      "🟡 MEDIUM · at most one alert per 15 min per resource",
      "To: you by dm, web · 1 other person · <#300000000000000001>",
      "id `r1`",
    ]);
  });

  it("lists rules and mutes, and says how to add one when there are none", () => {
    const list = renderRules(
      {
        rules: [rule],
        mutes: [
          {
            clusterId: "c1",
            ruleId: "r1",
            ruleName: rule.name,
            target: { ruleId: "r1" },
            until: "2026-11-30T21:40:00.000Z",
          },
        ],
      },
      "100000000000000001",
    );
    expect(list.description).toBe("**1 rule**");
    expect(list.fields?.at(-1)).toEqual({
      name: "Muted",
      value: "🔕 rule api \\*crashes\\* until 2026-11-30 21:40 UTC",
    });
    expect(renderRules({ rules: [], mutes: [] }, "1").description).toContain("/alert create");
  });

  it("shows the alert clock", () => {
    const embed = renderAlertPrefs({
      timeZone: "Europe/Berlin",
      quietHours: { start: "22:00", end: "07:00" },
      businessHours: { days: [5, 1, 2, 3, 4], start: "09:00", end: "18:00" },
      digest: { dailyHour: 9, weeklyDay: 1, weeklyHour: 8 },
    });
    expect(embed.fields?.map((f) => f.value)).toEqual([
      "`Europe/Berlin`",
      "22:00-07:00",
      "Mon, Tue, Wed, Thu, Fri 09:00-18:00",
      "daily at 09:00, weekly on Mon at 08:00",
    ]);
  });
});
