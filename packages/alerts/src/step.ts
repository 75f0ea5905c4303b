import { createHash } from "node:crypto";
import { type Severity, severityRank } from "@clustercord/contracts";
import { type AlertsConfig, DEFAULT_THROTTLE_MS, prefsOf } from "./config";
import {
  alertTitle,
  type ConditionContent,
  detailLines,
  groupedContent,
  linksFor,
  resolvedContent,
} from "./content";
import { type Addressed, type Delivery, fanOut } from "./deliveries";
import { digestDeliveries, enqueueDigest } from "./digests";
import type { AlertInput } from "./inputs";
import { type WallClock, wallClock } from "./local-time";
import { matchRules } from "./matching";
import { route } from "./routing";
import { type AlertRule, ruleDurationMs, type Subscriber } from "./rules";
import {
  type AlertMessage,
  type AlertsState,
  type ConditionState,
  type GroupState,
  type HeldMessage,
  muteKey,
  recipientKey,
} from "./state";

export interface StepResult {
  state: AlertsState;
  deliveries: Delivery[];
}

/**
 * The whole of alert noise control as one pure reducer: fold one input into the state at `now` and
 * say what to send. The input state is left as it was (the result shares what did not change).
 * Call it with `{ type: "tick" }` about once a minute so held alerts, throttled groups and digests
 * go out when their time comes.
 */
export function step(state: AlertsState, input: AlertInput, now: number, config: AlertsConfig): StepResult {
  const rules = new Map(config.rules.map((rule) => [rule.id, rule]));
  const next: AlertsState = {
    version: 1,
    conditions: { ...state.conditions },
    groups: { ...state.groups },
    mutes: expireMutes(state.mutes, now),
    held: state.held,
    digests: { ...state.digests },
  };
  applyInput(next, input, now, config);
  activate(next, rules, now);
  const messages = flushGroups(next, rules, now, config);
  const deliveries = address(next, messages, rules, now, config);
  return { state: next, deliveries };
}

/** Several inputs, each at its own time, one after another: the deliveries of all of them in order. */
export function stepAll(
  state: AlertsState,
  inputs: readonly { input: AlertInput; now: number }[],
  config: AlertsConfig,
): StepResult {
  let current = state;
  const deliveries: Delivery[] = [];
  for (const { input, now } of inputs) {
    const result = step(current, input, now, config);
    current = result.state;
    deliveries.push(...result.deliveries);
  }
  return { state: current, deliveries };
}

const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 24);

function expireMutes(mutes: Record<string, number>, now: number): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [key, until] of Object.entries(mutes)) if (until > now) kept[key] = until;
  return kept;
}

const isMuted = (state: AlertsState, fingerprint: string, c: { ruleId: string; groupId: string }) =>
  hasMutes(state) &&
  (muteKey({ ruleId: c.ruleId }) in state.mutes ||
    muteKey({ group: c.groupId }) in state.mutes ||
    muteKey({ fingerprint }) in state.mutes);

const hasMutes = (state: AlertsState) => {
  for (const _ in state.mutes) return true;
  return false;
};

const emptyGroup = (ruleId: string): GroupState => ({
  ruleId,
  lastAlertAt: null,
  lastResolvedAt: null,
  resolved: [],
});

const contentOf = (c: ConditionState): ConditionContent => ({
  ruleType: c.ruleType,
  resource: c.resource,
  severity: c.severity,
  details: c.details,
  finding: c.finding,
});

function applyInput(state: AlertsState, input: AlertInput, now: number, config: AlertsConfig): void {
  if (input.type === "tick") return;
  if (input.type === "mute") {
    // A new mute replaces the old one, so a person can also shorten it.
    if (input.durationMs > 0) state.mutes[muteKey(input.target)] = now + input.durationMs;
    else delete state.mutes[muteKey(input.target)];
    return;
  }
  if (input.type === "unmute") {
    delete state.mutes[muteKey(input.target)];
    return;
  }
  for (const match of matchRules(config.rules, input)) {
    const existing = state.conditions[match.fingerprint];
    if (match.firing) {
      const content: ConditionContent = {
        ruleType: match.rule.type,
        resource: match.resource,
        severity: match.severity,
        details: match.details,
        finding: match.finding,
      };
      state.conditions[match.fingerprint] = existing
        ? { ...existing, ...content }
        : {
            ...content,
            ruleId: match.rule.id,
            groupKey: match.groupKey,
            groupId: shortHash(match.groupKey),
            since: now,
            activeSince: null,
            delivered: false,
          };
      continue;
    }
    if (!existing) continue;
    delete state.conditions[match.fingerprint];
    // Only what reached someone gets a "resolved", and nothing while it is muted.
    if (!existing.delivered || isMuted(state, match.fingerprint, existing)) continue;
    const group = state.groups[existing.groupKey] ?? emptyGroup(existing.ruleId);
    state.groups[existing.groupKey] = {
      ...group,
      resolved: [...group.resolved, { ...contentOf(existing), fingerprint: match.fingerprint }],
    };
  }
}

/** A condition becomes an alert once it has held for its rule's duration (high CPU for 5 minutes). */
function activate(state: AlertsState, rules: ReadonlyMap<string, AlertRule>, now: number): void {
  for (const [fingerprint, c] of Object.entries(state.conditions)) {
    if (c.activeSince !== null) continue;
    const rule = rules.get(c.ruleId);
    if (rule && now - c.since >= ruleDurationMs(rule))
      state.conditions[fingerprint] = { ...c, activeSince: now };
  }
}

const throttleOf = (rule: AlertRule | undefined, config: AlertsConfig) =>
  rule?.throttleMinutes !== undefined
    ? rule.throttleMinutes * 60_000
    : (config.throttleMs ?? DEFAULT_THROTTLE_MS);

const mostSevere = (severities: readonly Severity[]): Severity =>
  severities.reduce<Severity>((a, b) => (severityRank[b] < severityRank[a] ? b : a), "LOW");

/**
 * Turn groups whose throttle window is open into messages: one alert when one resource waits, one
 * grouped message when several do. A group sends at most one alert and one "resolved" per window, so
 * a thousand crashing pods of one Deployment make one message per window, not a thousand.
 */
function flushGroups(
  state: AlertsState,
  rules: ReadonlyMap<string, AlertRule>,
  now: number,
  config: AlertsConfig,
): AlertMessage[] {
  const waiting = new Map<string, [string, ConditionState][]>();
  const referenced = new Set<string>();
  for (const [fingerprint, c] of Object.entries(state.conditions)) {
    if (!rules.has(c.ruleId)) {
      delete state.conditions[fingerprint]; // its rule was deleted
      continue;
    }
    referenced.add(c.groupKey);
    if (c.activeSince === null || c.delivered || isMuted(state, fingerprint, c)) continue;
    const list = waiting.get(c.groupKey);
    if (list) list.push([fingerprint, c]);
    else waiting.set(c.groupKey, [[fingerprint, c]]);
  }

  const messages: AlertMessage[] = [];
  const groupWait = config.groupWaitMs ?? 0;
  for (const [key, members] of waiting) {
    const first = members[0];
    if (!first) continue;
    const rule = rules.get(first[1].ruleId);
    const group = state.groups[key] ?? emptyGroup(first[1].ruleId);
    if (group.lastAlertAt !== null && now - group.lastAlertAt < throttleOf(rule, config)) continue;
    const oldest = members.reduce((min, [, c]) => Math.min(min, c.activeSince ?? now), now);
    if (now - oldest < groupWait) continue;
    messages.push(alertMessage(members, now));
    for (const [fingerprint, c] of members) state.conditions[fingerprint] = { ...c, delivered: true };
    state.groups[key] = { ...group, lastAlertAt: now };
  }

  for (const [key, group] of Object.entries(state.groups)) {
    const rule = rules.get(group.ruleId);
    if (!rule) {
      delete state.groups[key];
      continue;
    }
    const throttle = throttleOf(rule, config);
    let current = group;
    if (group.resolved.length && (group.lastResolvedAt === null || now - group.lastResolvedAt >= throttle)) {
      // A mute set while the resolved waited for its window silences it too.
      const groupId = shortHash(key);
      const resolved = group.resolved.filter(
        (r) => !isMuted(state, r.fingerprint, { ruleId: group.ruleId, groupId }),
      );
      if (resolved.length) messages.push(resolvedMessage({ ...group, resolved }, now));
      current = { ...group, resolved: [], lastResolvedAt: resolved.length ? now : group.lastResolvedAt };
      state.groups[key] = current;
    }
    // Forget a group once nothing refers to it and its windows have closed.
    const quietSince = Math.max(current.lastAlertAt ?? 0, current.lastResolvedAt ?? 0);
    if (!referenced.has(key) && !current.resolved.length && now - quietSince >= throttle)
      delete state.groups[key];
  }
  return messages;
}

function alertMessage(members: readonly [string, ConditionState][], now: number): AlertMessage {
  const contents = members.map(([, c]) => contentOf(c));
  const [fingerprint, first] = members[0] as [string, ConditionState];
  const grouped = members.length > 1;
  const { title, lines } = grouped
    ? groupedContent(contents)
    : { title: alertTitle(contentOf(first)), lines: detailLines(contentOf(first)) };
  const owner = first.resource.owner;
  const diagnoseTarget =
    grouped && owner
      ? {
          cluster: first.resource.cluster,
          kind: owner.kind,
          namespace: first.resource.namespace,
          name: owner.name,
        }
      : {
          cluster: first.resource.cluster,
          kind: first.resource.kind,
          namespace: first.resource.namespace,
          name: first.resource.name,
        };
  return {
    ruleId: first.ruleId,
    kind: grouped ? "grouped" : "alert",
    severity: mostSevere(contents.map((c) => c.severity)),
    title,
    lines,
    fingerprints: members.map(([fp]) => fp),
    links: linksFor(contents),
    actions: [
      { type: "diagnose", target: diagnoseTarget },
      { type: "mute", target: grouped ? { group: first.groupId } : { fingerprint } },
    ],
    at: now,
  };
}

function resolvedMessage(group: GroupState, now: number): AlertMessage {
  const { title, lines } = resolvedContent(group.resolved);
  return {
    ruleId: group.ruleId,
    kind: "resolved",
    severity: mostSevere(group.resolved.map((c) => c.severity)),
    title,
    lines,
    fingerprints: group.resolved.map((c) => c.fingerprint),
    links: linksFor(group.resolved),
    actions: [],
    at: now,
  };
}

/**
 * Address messages to each subscriber on their own clock: at once, held, or into a digest. Held ones
 * from earlier steps are looked at first, oldest first, so nothing overtakes what it follows.
 */
function address(
  state: AlertsState,
  messages: readonly AlertMessage[],
  rules: ReadonlyMap<string, AlertRule>,
  now: number,
  config: AlertsConfig,
): Delivery[] {
  const deliveries: Delivery[] = [];
  const stillHeld: HeldMessage[] = [];
  /** Fingerprints each recipient still has held: their "resolved" must not arrive before the alert. */
  const heldPrints = new Map<string, Set<string>>();
  const clocks = new Map<string, WallClock>();
  const clockIn = (timeZone: string) => {
    let clock = clocks.get(timeZone);
    if (!clock) {
      clock = wallClock(now, timeZone);
      clocks.set(timeZone, clock);
    }
    return clock;
  };
  const place = (held: HeldMessage) => {
    const { recipient, message } = held;
    const key = recipientKey(recipient);
    const prefs = prefsOf(config, recipient);
    let where = route(message.kind, message.severity, prefs, clockIn(prefs.timeZone));
    if (
      where === "now" &&
      message.kind === "resolved" &&
      message.fingerprints.some((fp) => heldPrints.get(key)?.has(fp))
    )
      where = "hold";
    if (where === "hold") {
      stillHeld.push(held);
      const prints = heldPrints.get(key) ?? new Set<string>();
      for (const fp of message.fingerprints) prints.add(fp);
      heldPrints.set(key, prints);
    } else if (where === "now") deliveries.push(...fanOut(recipient, addressed(message), now));
    else enqueueDigest(state, recipient, where, message, now);
  };
  // A held message follows its subscription: it goes over the channels the recipient has now, and is
  // dropped when they unsubscribed or the rule was deleted meanwhile.
  for (const held of state.held) {
    const recipient = subscribersOf(rules.get(held.message.ruleId)).find(
      (s) => s.kind === held.recipient.kind && s.id === held.recipient.id,
    );
    if (recipient) place({ recipient, message: held.message });
  }
  for (const message of messages)
    for (const recipient of subscribersOf(rules.get(message.ruleId))) place({ recipient, message });
  state.held = stillHeld;
  deliveries.push(...digestDeliveries(state, now, config));
  return deliveries;
}

const subscribersOf = (rule: AlertRule | undefined): Subscriber[] => rule?.subscribers ?? [];

const addressed = (m: AlertMessage): Addressed => ({
  kind: m.kind,
  severity: m.severity,
  title: m.title,
  lines: m.lines,
  fingerprints: m.fingerprints,
  links: m.links,
  actions: m.actions,
  ruleId: m.ruleId,
});
