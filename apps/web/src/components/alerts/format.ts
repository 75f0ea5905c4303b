import {
  type AlertRuleTypeName,
  type AlertRuleView,
  type AlertScopeView,
  type AlertSubscriberView,
  creatableAlertRuleTypes,
  type Severity,
} from "@clustercord/contracts";

export const ruleTypes = creatableAlertRuleTypes;
export const usageTypes: readonly AlertRuleTypeName[] = ["high-cpu", "high-memory"];
export const severities: readonly Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
export const workloadKinds = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
] as const;
export const weekdays = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;
/** The mute durations offered beside each rule, in minutes. */
export const muteChoices = [
  { minutes: 15, label: "15 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 8 * 60, label: "8 hours" },
  { minutes: 24 * 60, label: "24 hours" },
  { minutes: 7 * 24 * 60, label: "7 days" },
] as const;

/** What each rule type watches, for the form's help text. */
export const typeHelp: Record<AlertRuleTypeName, string> = {
  "pod-crash": "A pod's container crashes or loops (CrashLoopBackOff, OOMKilled, non-zero exit).",
  "image-pull": "A pod cannot pull its image (not found, unauthorized, rate-limited).",
  "high-cpu": "CPU use above the threshold (percent of the limit) for a while.",
  "high-memory": "Memory use above the threshold (percent of the limit) for a while.",
  "node-not-ready": "A node stops being Ready.",
  "job-failed": "A Job fails.",
  "rollout-stuck": "A Deployment's rollout passes its progress deadline.",
  budget: "A cost budget is passed or forecast to pass.",
  finding: "Any diagnostics finding at least as severe as the minimum you pick.",
};

export interface RuleForm {
  name: string;
  type: AlertRuleTypeName;
  scope: "cluster" | "namespace" | "workload";
  namespace: string;
  workloadKind: (typeof workloadKinds)[number];
  workloadName: string;
  threshold: string;
  durationMinutes: string;
  minSeverity: Severity;
  throttleMinutes: string;
  via: { dm: boolean; web: boolean; email: boolean };
  channelId: string;
}

export const emptyRuleForm: RuleForm = {
  name: "",
  type: "pod-crash",
  scope: "cluster",
  namespace: "",
  workloadKind: "Deployment",
  workloadName: "",
  threshold: "80",
  durationMinutes: "",
  minSeverity: "HIGH",
  throttleMinutes: "",
  via: { dm: true, web: true, email: false },
  channelId: "",
};

/** The rule's scope, in words: "the whole cluster", "namespace shop", "Deployment shop/api". */
export function scopeLabel(scope: AlertScopeView): string {
  if (scope.kind === "cluster") return "the whole cluster";
  if (scope.kind === "namespace") return `namespace ${scope.namespace}`;
  return `${scope.workload} ${scope.namespace}/${scope.name}`;
}

/** "pod-crash", "high-cpu above 80% for 5 min", "finding of HIGH or worse". */
export function conditionLabel(
  rule: Pick<AlertRuleView, "type" | "threshold" | "durationSeconds" | "minSeverity">,
): string {
  if (rule.threshold !== undefined) {
    const held = rule.durationSeconds ? ` for ${Math.round(rule.durationSeconds / 60)} min` : "";
    return `${rule.type} above ${rule.threshold}%${held}`;
  }
  if (rule.minSeverity) return `${rule.type} of ${rule.minSeverity} or worse`;
  return rule.type;
}

/** "you (DM, web)", "2 people", "channel 1234…". */
export function subscribersLabel(subscribers: readonly AlertSubscriberView[], me: string | null): string {
  const parts: string[] = [];
  const mine = subscribers.find((s) => s.kind === "person" && s.id === me);
  if (mine?.kind === "person") parts.push(`you (${mine.via.map((v) => (v === "dm" ? "DM" : v)).join(", ")})`);
  const others = subscribers.filter((s) => s.kind === "person" && s.id !== me).length;
  if (others) parts.push(`${others} other ${others === 1 ? "person" : "people"}`);
  for (const s of subscribers) if (s.kind === "channel") parts.push(`channel ${s.id}`);
  return parts.join(", ") || "nobody";
}

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/** A default name from what the rule watches: "high-cpu > 80% in shop". */
export function defaultName(form: RuleForm, scope: AlertScopeView): string {
  const condition = usageTypes.includes(form.type) ? `${form.type} > ${form.threshold.trim()}%` : form.type;
  const where =
    scope.kind === "cluster"
      ? "cluster-wide"
      : scope.kind === "namespace"
        ? `in ${scope.namespace}`
        : `on ${scope.workload} ${scope.namespace}/${scope.name}`;
  return `${condition} ${where}`.slice(0, 80);
}

/**
 * The form as alerts.rules.create's input, or the first problem to show beside it (the API checks
 * again and names the field; these catch what the browser can tell at once).
 */
export function ruleFromForm(
  clusterId: string,
  form: RuleForm,
  me: string | null,
):
  | { input: Record<string, unknown> & { subscribers?: unknown[] }; problem: null }
  | { input: null; problem: string } {
  const fail = (problem: string) => ({ input: null, problem });
  let scope: AlertScopeView;
  if (form.scope === "cluster") scope = { kind: "cluster" };
  else {
    const namespace = form.namespace.trim();
    if (!namespace) return fail("Pick the namespace the rule watches.");
    if (form.scope === "namespace") scope = { kind: "namespace", namespace };
    else {
      const name = form.workloadName.trim();
      if (!name) return fail("Name the workload the rule watches.");
      scope = { kind: "workload", namespace, workload: form.workloadKind, name };
    }
  }
  const input: Record<string, unknown> = {
    name: form.name.trim() || defaultName(form, scope),
    clusterId,
    type: form.type,
    scope,
  };
  if (usageTypes.includes(form.type)) {
    const threshold = wholeNumber(form.threshold);
    if (!(threshold >= 1 && threshold <= 100))
      return fail("Threshold must be a whole percent from 1 to 100.");
    input.threshold = threshold;
    if (form.durationMinutes.trim()) {
      const minutes = wholeNumber(form.durationMinutes);
      if (!(minutes >= 0 && minutes <= 1440)) return fail("For how long must be 0 to 1440 minutes.");
      input.durationSeconds = minutes * 60;
    }
  }
  if (form.type === "finding") input.minSeverity = form.minSeverity;
  if (form.throttleMinutes.trim()) {
    const throttle = wholeNumber(form.throttleMinutes);
    if (!(throttle >= 1 && throttle <= 1440)) return fail("Throttle must be 1 to 1440 minutes.");
    input.throttleMinutes = throttle;
  }
  const via = (["dm", "web", "email"] as const).filter((v) => form.via[v]);
  const channelId = form.channelId.trim();
  if (channelId && !/^\d{17,20}$/.test(channelId))
    return fail("The channel must be a Discord channel id (17-20 digits).");
  if (!via.length && !channelId) return fail("Choose at least one way to be alerted (DM, web or email).");
  if (!me) return fail("Your account is still loading; try again in a moment.");
  const subscribers = [
    ...(via.length ? [{ kind: "person" as const, id: me, via }] : []),
    ...(channelId ? [{ kind: "channel" as const, id: channelId }] : []),
  ];
  return { input: { ...input, subscribers }, problem: null };
}

/** "2026-11-30 21:40 UTC". */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "09:00" for 9. */
export const hourLabel = (h: number) => `${String(h).padStart(2, "0")}:00`;

/** The IANA time zones the browser knows, UTC first; a stored zone it does not know stays a choice. */
export function timeZoneChoices(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const zones = ["UTC", ...known.filter((z) => z !== "UTC")];
  return zones.includes(current) ? zones : [current, ...zones];
}
