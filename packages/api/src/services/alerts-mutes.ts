/**
 * alerts.mute / alerts.unmute and the mutes `alerts.rules.list` shows. A mute lives in the cluster's
 * stored AlertState (so a restart keeps it) and is applied through the reducer's own "mute" input. A
 * person may mute alerts of a rule of their guild that they created, subscribe to, or administer; a
 * group or fingerprint is traced to its rule through the state's firing conditions, else through the
 * messages that carried it (AlertEvent rows): the Mute button's target comes from one of those.
 */
import {
  type AlertInput,
  type AlertRule,
  type AlertsState,
  emptyState,
  type MuteTarget,
  step,
} from "@clustercord/alerts";
import {
  type AlertMuteView,
  type AlertsMuteOutput,
  type AlertsUnmuteOutput,
  AppError,
} from "@clustercord/contracts";
import {
  findAlertState,
  type GuildAlertRuleRow,
  listClusterAlertRules,
  listGuildAlertRules,
  listRecentRuleEvents,
  loadAlertState,
  saveAlertState,
} from "@clustercord/db";
import type { ApiDeps } from "../context";
import { isAdmin, mayMuteRule, noSuchRule, parseRule, requireGuildCluster } from "./alerts";
import type { Actor } from "./read-access";

/** How many recent messages of a cluster are searched for a group's or fingerprint's rule. */
const EVENTS_SEARCHED = 1_000;
/** Optimistic saves retried this often against a busy engine before giving up. */
const SAVE_ATTEMPTS = 5;

/** The stored state, or an empty one when there is none (or it is of a shape this version does not know). */
export function asAlertsState(json: unknown): AlertsState {
  const s = json as Partial<AlertsState> | null;
  return s && s.version === 1 && typeof s.mutes === "object" && s.mutes ? (s as AlertsState) : emptyState();
}

export function targetOfMuteKey(key: string): MuteTarget | null {
  const at = key.indexOf(":");
  const kind = key.slice(0, at);
  const id = key.slice(at + 1);
  if (at < 0 || !id) return null;
  if (kind === "rule") return { ruleId: id };
  if (kind === "group") return { group: id };
  if (kind === "fp") return { fingerprint: id };
  return null;
}

const asArray = (json: unknown): unknown[] => (Array.isArray(json) ? json : []);

/** Finds the rule a target belongs to on a cluster: `ruleIds` are the rules that may answer. */
async function ruleResolver(
  deps: ApiDeps,
  clusterId: string,
  state: AlertsState,
  ruleIds: readonly string[],
): Promise<(target: MuteTarget) => string | null> {
  const byGroup = new Map<string, string>();
  const byFingerprint = new Map<string, string>();
  // Older messages first, so the state's live conditions and the newest messages win.
  const events = await listRecentRuleEvents(deps.prisma, clusterId, ruleIds, EVENTS_SEARCHED);
  for (const event of events.reverse()) {
    if (!event.ruleId) continue;
    for (const fp of asArray(event.fingerprints))
      if (typeof fp === "string") byFingerprint.set(fp, event.ruleId);
    for (const action of asArray(event.actions)) {
      const target = (action as { type?: string; target?: { group?: unknown } }).target;
      if ((action as { type?: string }).type === "mute" && typeof target?.group === "string")
        byGroup.set(target.group, event.ruleId);
    }
  }
  for (const [fp, condition] of Object.entries(state.conditions)) {
    byFingerprint.set(fp, condition.ruleId);
    byGroup.set(condition.groupId, condition.ruleId);
  }
  return (target) =>
    "ruleId" in target
      ? target.ruleId
      : "group" in target
        ? (byGroup.get(target.group) ?? null)
        : (byFingerprint.get(target.fingerprint) ?? null);
}

/** The mutes in force now on the clusters of these (one guild's) rules, each with its rule. */
export async function guildMutes(
  deps: ApiDeps,
  rules: readonly { row: GuildAlertRuleRow; rule: AlertRule }[],
  now: number,
): Promise<AlertMuteView[]> {
  const byCluster = new Map<string, Map<string, string>>();
  for (const { row, rule } of rules) {
    const names = byCluster.get(row.clusterId) ?? new Map<string, string>();
    names.set(row.id, rule.name);
    byCluster.set(row.clusterId, names);
  }
  const mutes: AlertMuteView[] = [];
  for (const [clusterId, names] of byCluster) {
    const stored = await findAlertState(deps.prisma, clusterId);
    if (stored === null) continue;
    const state = asAlertsState(stored);
    const live = Object.entries(state.mutes).filter(([, until]) => until > now);
    if (!live.length) continue;
    const ruleOf = await ruleResolver(deps, clusterId, state, [...names.keys()]);
    for (const [key, until] of live) {
      const target = targetOfMuteKey(key);
      const ruleId = target && ruleOf(target);
      const ruleName = ruleId ? names.get(ruleId) : undefined;
      // Mutes of other guilds' rules on a shared cluster are theirs: not shown.
      if (!target || !ruleId || ruleName === undefined) continue;
      mutes.push({ clusterId, target, until: new Date(until).toISOString(), ruleId, ruleName });
    }
  }
  return mutes.sort((a, b) => a.until.localeCompare(b.until));
}

const noSuchAlert = () =>
  new AppError("NOT_FOUND", {
    userMessage: "target: no alert of this server's rules on this cluster has that group or fingerprint.",
  });

/** The rule of the caller's guild the target belongs to, if they may mute its alerts. */
async function authorizeTarget(deps: ApiDeps, actor: Actor, clusterId: string, target: MuteTarget) {
  await requireGuildCluster(deps, actor, clusterId);
  const rows = await listGuildAlertRules(deps.prisma, actor.guildId, clusterId);
  const byId = new Map(rows.map((row) => [row.id, row]));
  let row: GuildAlertRuleRow | undefined;
  if ("ruleId" in target) {
    row = byId.get(target.ruleId);
    if (!row) throw noSuchRule();
  } else {
    const state = asAlertsState(await findAlertState(deps.prisma, clusterId));
    const ruleId = (await ruleResolver(deps, clusterId, state, [...byId.keys()]))(target);
    row = ruleId ? byId.get(ruleId) : undefined;
    if (!row) throw noSuchAlert();
  }
  if (!mayMuteRule(actor, row, parseRule(row))) {
    throw new AppError("FORBIDDEN", {
      userMessage: `You may mute alerts of rules you created or subscribe to${isAdmin(actor) ? "" : "; admins may mute any"}.`,
    });
  }
  return row;
}

/**
 * Folds a mute or unmute into the cluster's stored state with the reducer, saved with the version
 * check (the engine may be saving at the same time: then reload and fold again).
 */
async function applyToState(
  deps: ApiDeps,
  clusterId: string,
  input: Extract<AlertInput, { type: "mute" | "unmute" }>,
  now: number,
): Promise<void> {
  const rules = (await listClusterAlertRules(deps.prisma, clusterId))
    .map(parseRule)
    .filter((rule): rule is AlertRule => rule !== null);
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const loaded = await loadAlertState(deps.prisma, clusterId, emptyState());
    const state = asAlertsState(loaded.state);
    const result = step(state, input, now, { rules });
    // Only the mutes are taken: whatever else fell due at `now` (held messages, throttled groups,
    // digests) stays in the state for the engine's next tick, which delivers it.
    const next: AlertsState = { ...state, mutes: result.state.mutes };
    if (await saveAlertState(deps.prisma, clusterId, next, loaded.version)) return;
  }
  throw new AppError("CONFLICT", { userMessage: "The alerts engine is busy with this cluster; try again." });
}

export async function muteAlerts(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; target: MuteTarget; durationMinutes: number },
): Promise<AlertsMuteOutput> {
  await authorizeTarget(deps, actor, input.clusterId, input.target);
  const now = Date.now();
  const durationMs = input.durationMinutes * 60_000;
  await applyToState(deps, input.clusterId, { type: "mute", target: input.target, durationMs }, now);
  return { until: new Date(now + durationMs).toISOString() };
}

export async function unmuteAlerts(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; target: MuteTarget },
): Promise<AlertsUnmuteOutput> {
  await authorizeTarget(deps, actor, input.clusterId, input.target);
  await applyToState(deps, input.clusterId, { type: "unmute", target: input.target }, Date.now());
  return { unmuted: true };
}
