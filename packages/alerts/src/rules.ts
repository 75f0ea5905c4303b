import { ClusterId, KubeName, NamespaceName, Severity, Snowflake } from "@clustercord/contracts";
import { z } from "zod";

/** What an alert rule watches (guide feature 12). */
export const alertRuleTypes = [
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
export const AlertRuleType = z.enum(alertRuleTypes);
export type AlertRuleType = z.infer<typeof AlertRuleType>;

/** The severity a rule's alerts carry unless the rule says otherwise (a finding rule uses the finding's). */
export const defaultSeverity: Readonly<Record<AlertRuleType, Severity>> = {
  "pod-crash": "HIGH",
  "image-pull": "HIGH",
  "high-cpu": "MEDIUM",
  "high-memory": "HIGH",
  "node-not-ready": "CRITICAL",
  "job-failed": "MEDIUM",
  "rollout-stuck": "HIGH",
  budget: "MEDIUM",
  finding: "MEDIUM",
};

/** Rules that compare a usage sample against `threshold` (percent of the limit). */
export const usageRuleTypes = ["high-cpu", "high-memory"] as const satisfies readonly AlertRuleType[];
const isUsageType = (type: AlertRuleType) => (usageRuleTypes as readonly string[]).includes(type);

/** A usage rule's default: the usage must stay above the threshold this long before it fires. */
export const DEFAULT_USAGE_DURATION_SECONDS = 300;
export const MAX_DURATION_SECONDS = 24 * 60 * 60;
export const MAX_THROTTLE_MINUTES = 24 * 60;
export const MAX_SUBSCRIBERS = 50;

export const workloadKinds = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
] as const;
export const WorkloadKind = z.enum(workloadKinds, {
  error: `must be one of ${workloadKinds.join(", ")}`,
});

/** Where a rule looks: the whole cluster, one namespace, or the pods of one workload. */
export const AlertScope = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("cluster") }).strict(),
    z.object({ kind: z.literal("namespace"), namespace: NamespaceName }).strict(),
    z
      .object({
        kind: z.literal("workload"),
        namespace: NamespaceName,
        workload: WorkloadKind,
        name: KubeName,
      })
      .strict(),
  ],
  { error: "scope kind must be cluster, namespace or workload" },
);
export type AlertScope = z.infer<typeof AlertScope>;

export const personChannelKinds = ["dm", "email", "web"] as const;
export const PersonChannelKind = z.enum(personChannelKinds, { error: "via must be dm, email or web" });
export type PersonChannelKind = z.infer<typeof PersonChannelKind>;

/** Who gets a rule's alerts: a person over the channels they chose, or a guild channel. */
export const Subscriber = z.discriminatedUnion(
  "kind",
  [
    z
      .object({
        kind: z.literal("person"),
        id: Snowflake,
        via: z
          .array(PersonChannelKind)
          .min(1, "choose at least one of dm, email, web")
          .refine((via) => new Set(via).size === via.length, "via lists a channel twice"),
      })
      .strict(),
    z.object({ kind: z.literal("channel"), id: Snowflake }).strict(),
  ],
  { error: "subscriber kind must be person or channel" },
);
export type Subscriber = z.infer<typeof Subscriber>;

/** A rule as a person writes it (`alerts.rules.create`, `/alert create`); validated at the edge. */
export const AlertRuleSpec = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "name must not be empty")
      .max(80, "name must be at most 80 characters")
      .regex(/^[^\p{Cc}]*$/u, "name must not contain control characters"),
    clusterId: ClusterId,
    type: AlertRuleType,
    scope: AlertScope,
    /** Percent of the limit (usage rules only). */
    threshold: z
      .number()
      .int("threshold must be a whole percent")
      .min(1, "threshold must be between 1 and 100 (percent)")
      .max(100, "threshold must be between 1 and 100 (percent)")
      .optional(),
    /** How long the condition must hold before the rule fires. */
    durationSeconds: z
      .number()
      .int("duration must be whole seconds")
      .min(0, "duration must not be negative")
      .max(MAX_DURATION_SECONDS, "duration must be at most 24 hours")
      .optional(),
    /** Finding rules: fire on any diagnostics finding at least this severe. */
    minSeverity: Severity.optional(),
    /** Overrides the severity of the rule type (not for finding rules: they take the finding's). */
    severity: Severity.optional(),
    /** Overrides the default throttle window for this rule's alerts. */
    throttleMinutes: z
      .number()
      .int("throttle must be whole minutes")
      .min(1, "throttle must be at least 1 minute")
      .max(MAX_THROTTLE_MINUTES, "throttle must be at most 24 hours")
      .optional(),
    subscribers: z
      .array(Subscriber)
      .min(1, "a rule needs at least one subscriber")
      .max(MAX_SUBSCRIBERS, `a rule has at most ${MAX_SUBSCRIBERS} subscribers`)
      .refine(
        (subs) => new Set(subs.map((s) => `${s.kind}:${s.id}`)).size === subs.length,
        "a subscriber is listed twice",
      ),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const usage = isUsageType(rule.type);
    if (usage && rule.threshold === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `${rule.type} needs a threshold (1-100 %)`,
      });
    if (!usage && rule.threshold !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: "threshold is only for high-cpu and high-memory rules",
      });
    if (rule.type === "finding" && rule.minSeverity === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["minSeverity"],
        message: "finding rules need a minimum severity",
      });
    if (rule.type !== "finding" && rule.minSeverity !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["minSeverity"],
        message: "minSeverity is only for finding rules",
      });
    if (rule.type === "finding" && rule.severity !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["severity"],
        message: "finding rules take the finding's severity; set minSeverity instead",
      });
    if (rule.scope.kind === "workload" && (rule.type === "node-not-ready" || rule.type === "budget"))
      ctx.addIssue({
        code: "custom",
        path: ["scope"],
        message: `${rule.type} rules cannot be scoped to a workload`,
      });
  });
export type AlertRuleSpec = z.infer<typeof AlertRuleSpec>;

/** A stored rule: the spec plus the id the database gave it. */
export const AlertRule = z.intersection(z.object({ id: z.string().min(1).max(64) }), AlertRuleSpec);
export type AlertRule = z.infer<typeof AlertRule>;

/** The rule's effective severity, before a finding's own severity is taken into account. */
export const ruleSeverity = (rule: AlertRuleSpec): Severity => rule.severity ?? defaultSeverity[rule.type];

/** How long the condition must hold before the rule fires, in ms. */
export const ruleDurationMs = (rule: AlertRuleSpec): number =>
  (rule.durationSeconds ?? (isUsageType(rule.type) ? DEFAULT_USAGE_DURATION_SECONDS : 0)) * 1000;

export const MAX_MUTE_MINUTES = 30 * 24 * 60;

/** `alerts.mute`, `/alert mute`: a rule, a group (a grouped message's Mute button) or one fingerprint. */
export const AlertMuteSpec = z
  .object({
    target: z.union(
      [
        z.object({ ruleId: z.string().min(1).max(64) }).strict(),
        z
          .object({ group: z.string().regex(/^[0-9a-f]{24}$/, "group must be a group id from an alert") })
          .strict(),
        z
          .object({
            fingerprint: z.string().regex(/^[0-9a-f]{24}$/, "fingerprint must be one from an alert"),
          })
          .strict(),
      ],
      { error: "mute a rule (ruleId), a group or a fingerprint" },
    ),
    durationMinutes: z
      .number()
      .int("duration must be whole minutes")
      .min(1, "mute for at least 1 minute")
      .max(MAX_MUTE_MINUTES, "mute for at most 30 days"),
  })
  .strict();
export type AlertMuteSpec = z.infer<typeof AlertMuteSpec>;

/** One line per problem, "path: message", for a Discord reply or a form's error summary. */
export function ruleErrors(error: z.ZodError): string[] {
  return error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
  );
}
