/**
 * alerts.history / alerts.event: the messages the alerts engine sent for the caller's guild's rules.
 * A person sees the ones that went to them; an admin sees all of the guild's. One event is also
 * visible to every member when it was posted to one of the guild's channels (the Diagnose and Mute
 * buttons of a channel post are pressed by whoever reads it). Other guilds' events do not exist here.
 */
import {
  AlertActionView,
  AlertEventKind,
  type AlertEventView,
  type AlertsEventInput,
  type AlertsHistoryInput,
  type AlertsHistoryOutput,
  AppError,
  Severity,
} from "@clustercord/contracts";
import {
  type AlertEventRow,
  findGuildAlertEvent,
  findGuildAlertRules,
  listAlertEvents,
} from "@clustercord/db";
import type { ApiDeps } from "../context";
import { isAdmin, requireGuildCluster } from "./alerts";
import type { Actor } from "./read-access";

/** At most this many messages of one instant complete a page (a tick's grouped output is far fewer). */
const MAX_SAME_INSTANT = 1_000;

const personKey = (userId: string) => `person:${userId}`;
const strings = (json: unknown): string[] =>
  Array.isArray(json) ? json.filter((x): x is string => typeof x === "string") : [];

function toEventView(row: AlertEventRow, ruleNames: ReadonlyMap<string, string>): AlertEventView {
  const actions = (Array.isArray(row.actions) ? row.actions : []).flatMap((a) => {
    const parsed = AlertActionView.safeParse(a);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    id: row.id,
    at: row.at.toISOString(),
    clusterId: row.clusterId,
    ruleId: row.ruleId,
    ruleName: row.ruleId ? (ruleNames.get(row.ruleId) ?? null) : null,
    kind: AlertEventKind.catch("alert").parse(row.kind),
    severity: Severity.catch("MEDIUM").parse(row.severity),
    title: row.title,
    lines: strings(row.lines),
    fingerprints: strings(row.fingerprints),
    actions,
  };
}

async function ruleNamesOf(deps: ApiDeps, actor: Actor, rows: readonly AlertEventRow[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.ruleId ? [r.ruleId] : [])))];
  const rules = await findGuildAlertRules(deps.prisma, actor.guildId, ids);
  return new Map(rules.map((r) => [r.id, r.name]));
}

export async function alertHistory(
  deps: ApiDeps,
  actor: Actor,
  input: AlertsHistoryInput,
): Promise<AlertsHistoryOutput> {
  if (input.clusterId) await requireGuildCluster(deps, actor, input.clusterId);
  const filter = {
    guildId: actor.guildId,
    ...(input.clusterId ? { clusterId: input.clusterId } : {}),
    recipient: isAdmin(actor) ? null : personKey(actor.userId),
  };
  const rows = await listAlertEvents(deps.prisma, {
    ...filter,
    ...(input.before ? { before: new Date(input.before) } : {}),
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const more = rows.length > input.limit && last !== undefined;
  // The next page starts strictly before the last instant shown, so that instant is shown whole
  // (one tick may send many messages at the same millisecond).
  if (more && rows[input.limit]?.at.getTime() === last.at.getTime()) {
    const shown = new Set(page.map((r) => r.id));
    const rest = await listAlertEvents(deps.prisma, { ...filter, at: last.at, limit: MAX_SAME_INSTANT });
    page.push(...rest.filter((r) => !shown.has(r.id)));
  }
  const names = await ruleNamesOf(deps, actor, page);
  return {
    items: page.map((row) => toEventView(row, names)),
    nextBefore: more ? last.at.toISOString() : null,
  };
}

export async function alertEvent(
  deps: ApiDeps,
  actor: Actor,
  input: AlertsEventInput,
): Promise<AlertEventView> {
  const row = await findGuildAlertEvent(deps.prisma, actor.guildId, input.id);
  const recipients = strings(row?.recipients);
  const visible =
    row &&
    (isAdmin(actor) ||
      recipients.includes(personKey(actor.userId)) ||
      recipients.some((r) => r.startsWith("channel:")));
  if (!row || !visible)
    throw new AppError("NOT_FOUND", { userMessage: "No such alert for you in this server." });
  return toEventView(row, await ruleNamesOf(deps, actor, [row]));
}
