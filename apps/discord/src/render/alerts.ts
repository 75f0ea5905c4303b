import type {
  AlertMuteView,
  AlertPrefsView,
  AlertRuleView,
  AlertScopeView,
  AlertSubscriberView,
} from "@clustercord/contracts";
import type { APIEmbed, APIEmbedField } from "discord.js";
import { shortTime } from "./helm";
import { code, colors, embedLimits, fitFields, plain } from "./style";

export type { AlertPrefsView, AlertRuleView, AlertScopeView } from "@clustercord/contracts";
export type MuteView = AlertMuteView;
type SubscriberView = AlertSubscriberView;

const severityIcon: Record<string, string> = { CRITICAL: "🔴", HIGH: "🟠", MEDIUM: "🟡", LOW: "🔵" };
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** "the whole cluster", "namespace `shop`", "Deployment `api` in `shop`". */
export function scopeText(scope: AlertScopeView): string {
  if (scope.kind === "cluster") return "the whole cluster";
  if (scope.kind === "namespace") return `namespace ${code(scope.namespace, 70)}`;
  return `${scope.workload} ${code(scope.name, 120)} in ${code(scope.namespace, 70)}`;
}

/** The same without markdown, for autocomplete choices (Discord shows them as plain text). */
export function scopePlain(scope: AlertScopeView): string {
  if (scope.kind === "cluster") return "whole cluster";
  if (scope.kind === "namespace") return `ns ${scope.namespace}`;
  return `${scope.workload} ${scope.namespace}/${scope.name}`;
}

/** "pod-crash", "high-cpu > 80% for 5 min", "finding ≥ HIGH". */
export function conditionText(
  rule: Pick<AlertRuleView, "type" | "threshold" | "durationSeconds" | "minSeverity">,
) {
  if (rule.threshold !== undefined) {
    const held = rule.durationSeconds ? ` for ${Math.round(rule.durationSeconds / 60)} min` : "";
    return `${rule.type} > ${rule.threshold}%${held}`;
  }
  if (rule.minSeverity) return `${rule.type} ≥ ${rule.minSeverity}`;
  return rule.type;
}

/** "you by DM, web · 1 channel". */
function subscribersText(subscribers: readonly SubscriberView[], me: string): string {
  const parts: string[] = [];
  for (const s of subscribers) {
    if (s.kind === "person" && s.id === me) parts.unshift(`you by ${s.via.join(", ")}`);
  }
  const others = subscribers.filter((s) => s.kind === "person" && s.id !== me).length;
  const channels = subscribers.filter((s) => s.kind === "channel");
  if (others) parts.push(`${others} other ${others === 1 ? "person" : "people"}`);
  for (const c of channels) parts.push(`<#${c.id}>`);
  return parts.join(" · ") || "nobody";
}

/** One rule as a field: name and id; condition, scope, cluster, severity, throttle, who is subscribed. */
export function ruleField(rule: AlertRuleView, me: string): APIEmbedField {
  const lines = [
    `${conditionText(rule)} on ${scopeText(rule.scope)} of ${code(rule.clusterName, 60)}`,
    `${severityIcon[rule.severity] ?? "•"} ${rule.severity}${
      rule.throttleMinutes ? ` · at most one alert per ${rule.throttleMinutes} min per resource` : ""
    }`,
    `To: ${subscribersText(rule.subscribers, me)}`,
    `id ${code(rule.id, 70)}`,
  ];
  return { name: plain(rule.name, 200), value: lines.join("\n").slice(0, 1024) };
}

/** "rule `api crashes` until 2026-11-30 21:40 UTC". */
export function muteLine(mute: MuteView): string {
  const what =
    "ruleId" in mute.target && mute.target.ruleId === mute.ruleId
      ? `rule ${plain(mute.ruleName, 100)}`
      : `part of ${plain(mute.ruleName, 100)}`;
  return `🔕 ${what} until ${shortTime(mute.until)} UTC`;
}

/** `/alert list`: alerts.rules.list's rules (in its order), then the active mutes. */
export function renderRules(out: { rules: AlertRuleView[]; mutes: MuteView[] }, me: string): APIEmbed {
  const title = "Alert rules";
  if (out.rules.length === 0)
    return {
      title,
      color: colors.brand,
      description: "No alert rules here yet. Add one with `/alert create` or on the cluster's Alerts page.",
    };
  const mutes = out.mutes.map(muteLine);
  const mutesField: APIEmbedField[] = mutes.length
    ? [{ name: "Muted", value: mutes.join("\n").slice(0, 1024) }]
    : [];
  const fitted = fitFields(
    [...out.rules.map((r) => ruleField(r, me)), ...mutesField],
    embedLimits.total - 300,
  );
  return {
    title,
    color: colors.brand,
    description: `**${out.rules.length} rule${out.rules.length === 1 ? "" : "s"}**${
      fitted.omitted ? ` (${fitted.omitted} more on the web's Alerts page)` : ""
    }`,
    fields: fitted.fields,
  };
}

export function renderRuleCreated(rule: AlertRuleView, me: string): APIEmbed {
  return {
    title: "Alert rule created",
    color: colors.ok,
    fields: [ruleField(rule, me)],
  };
}

export function renderRuleDeleted(name: string): APIEmbed {
  return { color: colors.ok, description: `Deleted the alert rule ${plain(name, 200)}.` };
}

export function renderMuted(what: string, until: string): APIEmbed {
  return { color: colors.ok, description: `🔕 Muted ${what} until ${shortTime(until)} UTC.` };
}

export function renderUnmuted(what: string): APIEmbed {
  return { color: colors.ok, description: `🔔 ${what} is no longer muted.` };
}

/** `/alert config`: the person's alert clock as alerts.config / alerts.getConfig answer it. */
export function renderAlertPrefs(prefs: AlertPrefsView): APIEmbed {
  const b = prefs.businessHours;
  const days = [...b.days].sort((x, y) => x - y).map((d) => DAYS[d] ?? String(d));
  const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;
  return {
    title: "Your alert settings",
    color: colors.brand,
    fields: [
      { name: "Time zone", value: code(prefs.timeZone, 70), inline: true },
      {
        name: "Quiet hours",
        value: prefs.quietHours ? `${prefs.quietHours.start}-${prefs.quietHours.end}` : "off",
        inline: true,
      },
      { name: "Business hours", value: `${days.join(", ")} ${b.start}-${b.end}`, inline: true },
      {
        name: "Digests",
        value: `daily at ${hour(prefs.digest.dailyHour)}, weekly on ${
          DAYS[prefs.digest.weeklyDay] ?? prefs.digest.weeklyDay
        } at ${hour(prefs.digest.weeklyHour)}`,
      },
    ],
    footer: {
      text: "CRITICAL alerts always come at once; HIGH during business hours; MEDIUM in the daily digest, LOW in the weekly one. Quiet hours hold everything but CRITICAL.",
    },
  };
}
