import { z } from "zod";
import { ClusterId } from "./clusters";
import { Severity } from "./diagnostics";
import { QuietHours, TimeOfDay } from "./notifications";
import { Snowflake } from "./schemas";

// Alerts procedures (issue 16): what they answer. Their mutation inputs are the specs of
// @clustercord/alerts (AlertRuleSpec, AlertMuteSpec, AlertPrefsSpec), which depend on these contracts,
// so only the views and the plain query inputs live here.

/** The rule types, as @clustercord/alerts names them (the API checks at compile time that they agree). */
export const alertRuleTypeNames = [
  "pod-crash",
  "image-pull",
  "high-cpu",
  "high-memory",
  "node-not-ready",
  "job-failed",
  "rollout-stuck",
  "budget",
  "finding",
] as const;
export const AlertRuleTypeName = z.enum(alertRuleTypeNames);
export type AlertRuleTypeName = z.infer<typeof AlertRuleTypeName>;

/**
 * The types a person can create a rule of. Budget alerts are set as cost budgets (`cost.budgets`,
 * `/cost alert`), which alert whoever set them and the server's owner; rules do not carry them yet.
 */
export const BUDGET_RULES_REFUSED =
  "type: budget alerts are set as cost budgets (the Cost page, /cost alert), not as alert rules.";
export const creatableAlertRuleTypes = alertRuleTypeNames.filter((t) => t !== "budget");

export const AlertScopeView = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("cluster") }),
  z.object({ kind: z.literal("namespace"), namespace: z.string() }),
  z.object({ kind: z.literal("workload"), namespace: z.string(), workload: z.string(), name: z.string() }),
]);
export type AlertScopeView = z.infer<typeof AlertScopeView>;

export const AlertSubscriberView = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("person"), id: Snowflake, via: z.array(z.enum(["dm", "email", "web"])) }),
  z.object({ kind: z.literal("channel"), id: Snowflake }),
]);
export type AlertSubscriberView = z.infer<typeof AlertSubscriberView>;

export const AlertRuleView = z.object({
  id: z.string(),
  name: z.string(),
  clusterId: z.string(),
  clusterName: z.string(),
  type: AlertRuleTypeName,
  scope: AlertScopeView,
  threshold: z.number().optional(),
  durationSeconds: z.number().optional(),
  minSeverity: Severity.optional(),
  /** The effective severity (the rule's own, or its type's default). */
  severity: Severity,
  throttleMinutes: z.number().optional(),
  subscribers: z.array(AlertSubscriberView),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  /** The caller created it or is an admin of the guild. */
  mayDelete: z.boolean(),
});
export type AlertRuleView = z.infer<typeof AlertRuleView>;

export const AlertMuteTargetView = z.union([
  z.object({ ruleId: z.string() }),
  z.object({ group: z.string() }),
  z.object({ fingerprint: z.string() }),
]);
export type AlertMuteTargetView = z.infer<typeof AlertMuteTargetView>;

export const AlertMuteView = z.object({
  clusterId: z.string(),
  target: AlertMuteTargetView,
  until: z.iso.datetime(),
  /** The rule the muted alerts belong to (of the caller's guild). */
  ruleId: z.string(),
  ruleName: z.string(),
});
export type AlertMuteView = z.infer<typeof AlertMuteView>;

export const AlertRulesListInput = z
  .object({ clusterId: ClusterId.optional() })
  .strict()
  .optional()
  .transform((input) => input ?? {});
export type AlertRulesListInput = z.infer<typeof AlertRulesListInput>;
export const AlertRulesListOutput = z.object({
  rules: z.array(AlertRuleView),
  mutes: z.array(AlertMuteView),
});
export type AlertRulesListOutput = z.infer<typeof AlertRulesListOutput>;

export const AlertRulesCreateOutput = z.object({ rule: AlertRuleView });
export type AlertRulesCreateOutput = z.infer<typeof AlertRulesCreateOutput>;

export const AlertRuleId = z.string().min(1, "id must not be empty").max(64, "id is at most 64 characters");
export const AlertRulesDeleteInput = z.object({ id: AlertRuleId }).strict();
export type AlertRulesDeleteInput = z.infer<typeof AlertRulesDeleteInput>;
export const AlertRulesDeleteOutput = z.object({ id: z.string(), deleted: z.literal(true) });
export type AlertRulesDeleteOutput = z.infer<typeof AlertRulesDeleteOutput>;

export const AlertsMuteOutput = z.object({ until: z.iso.datetime() });
export type AlertsMuteOutput = z.infer<typeof AlertsMuteOutput>;
export const AlertsUnmuteOutput = z.object({ unmuted: z.literal(true) });
export type AlertsUnmuteOutput = z.infer<typeof AlertsUnmuteOutput>;

/** A recipient's effective alert settings (their own over the defaults). */
export const AlertPrefsView = z.object({
  timeZone: z.string(),
  quietHours: QuietHours.nullable(),
  businessHours: z.object({ days: z.array(z.number()), start: TimeOfDay, end: TimeOfDay }),
  digest: z.object({ dailyHour: z.number(), weeklyDay: z.number(), weeklyHour: z.number() }),
});
export type AlertPrefsView = z.infer<typeof AlertPrefsView>;

export const AlertsConfigOutput = z.object({ prefs: AlertPrefsView });
export type AlertsConfigOutput = z.infer<typeof AlertsConfigOutput>;
export const AlertsGetConfigInput = z
  .object({ channelId: Snowflake.optional() })
  .strict()
  .optional()
  .transform((input) => input ?? {});
export type AlertsGetConfigInput = z.infer<typeof AlertsGetConfigInput>;

export const AlertEventKind = z.enum(["alert", "grouped", "resolved", "digest"]);
export type AlertEventKind = z.infer<typeof AlertEventKind>;

export const AlertActionView = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("diagnose"),
    target: z.object({
      cluster: z.string(),
      kind: z.string(),
      namespace: z.string().nullable(),
      name: z.string(),
    }),
  }),
  z.object({ type: z.literal("mute"), target: AlertMuteTargetView }),
]);
export type AlertActionView = z.infer<typeof AlertActionView>;

export const AlertEventView = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  clusterId: z.string(),
  ruleId: z.string().nullable(),
  ruleName: z.string().nullable(),
  kind: AlertEventKind,
  severity: Severity,
  title: z.string(),
  lines: z.array(z.string()),
  fingerprints: z.array(z.string()),
  actions: z.array(AlertActionView),
});
export type AlertEventView = z.infer<typeof AlertEventView>;

export const ALERT_HISTORY_DEFAULT_LIMIT = 25;
export const AlertsHistoryInput = z
  .object({
    clusterId: ClusterId.optional(),
    limit: z
      .number()
      .int("limit must be a whole number")
      .min(1, "limit must be between 1 and 100")
      .max(100, "limit must be between 1 and 100")
      .default(ALERT_HISTORY_DEFAULT_LIMIT),
    before: z.iso
      .datetime({ error: "before must be an ISO date-time, e.g. 2026-11-30T12:00:00Z" })
      .optional(),
  })
  .strict()
  .optional()
  .transform((input) => input ?? { limit: ALERT_HISTORY_DEFAULT_LIMIT });
export type AlertsHistoryInput = z.infer<typeof AlertsHistoryInput>;
export const AlertsHistoryOutput = z.object({
  items: z.array(AlertEventView),
  nextBefore: z.iso.datetime().nullable(),
});
export type AlertsHistoryOutput = z.infer<typeof AlertsHistoryOutput>;

export const AlertsEventInput = z.object({ id: AlertRuleId }).strict();
export type AlertsEventInput = z.infer<typeof AlertsEventInput>;
