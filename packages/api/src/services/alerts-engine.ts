/**
 * The alerts engine's step/save/deliver path for one cluster: load the stored reducer state (created
 * when missing), the cluster's rules and their recipients' prefs; fold the observations in with
 * `stepAll`; save with an optimistic version check (a conflict reloads and derives the inputs again);
 * write one AlertEvent per message; then send each message through notify() with the delivery's key as
 * idempotency key. Everything the reducer remembers (mutes, throttles, held, digests) is in the stored
 * state, so a restarted process continues where the last one stopped.
 */
import { createHash } from "node:crypto";
import {
  type AlertInput,
  AlertPrefsSpec,
  AlertRule,
  type AlertsConfig,
  type AlertsState,
  type Delivery,
  emptyState,
  stepAll,
} from "@clustercord/alerts";
import type { NotificationSeverity, Severity } from "@clustercord/contracts";
import {
  insertAlertEvents,
  listAlertPrefsOf,
  listClusterAlertRules,
  loadAlertState,
  type NewAlertEvent,
  type PrismaClient,
  saveAlertState,
} from "@clustercord/db";
import { alertIdempotencyKey, type Notify, redactSecretShapes } from "@clustercord/notify";
import { defaultLogger, type Logger } from "@clustercord/telemetry";

export interface AlertsEngineDeps {
  prisma: PrismaClient;
  notifications?: { notify?: Notify | undefined } | undefined;
  log?: Logger | undefined;
}

export interface ClusterAlertsConfig {
  config: AlertsConfig;
  /** Rule id → the guild that made it (a channel post needs the guild). */
  ruleGuild: Map<string, string>;
  /** Guild channel id → its guild. */
  channelGuild: Map<string, string>;
}

const MAX_SAVE_ATTEMPTS = 5;

/** The cluster's rules (specs that no longer parse are skipped and logged) and the recipients' prefs. */
export async function loadAlertsConfig(
  deps: AlertsEngineDeps,
  clusterId: string,
): Promise<ClusterAlertsConfig> {
  const rows = await listClusterAlertRules(deps.prisma, clusterId);
  const rules: AlertRule[] = [];
  const ruleGuild = new Map<string, string>();
  const channelGuild = new Map<string, string>();
  for (const row of rows) {
    const parsed = AlertRule.safeParse({ ...(row.spec as object), id: row.id, clusterId: row.clusterId });
    if (!parsed.success) {
      (deps.log ?? defaultLogger()).warn({ ruleId: row.id }, "alerts: stored rule does not parse, skipped");
      continue;
    }
    rules.push(parsed.data);
    ruleGuild.set(row.id, row.guildId);
    for (const s of parsed.data.subscribers) if (s.kind === "channel") channelGuild.set(s.id, row.guildId);
  }
  const people = new Set<string>();
  for (const rule of rules) for (const s of rule.subscribers) if (s.kind === "person") people.add(s.id);
  const prefsRows = await listAlertPrefsOf(deps.prisma, {
    people: [...people],
    channels: [...channelGuild.keys()],
  });
  const config: AlertsConfig = { rules, people: {}, channels: {} };
  for (const row of prefsRows) {
    const prefs = AlertPrefsSpec.safeParse(row.prefs);
    if (!prefs.success) continue;
    const into = row.kind === "person" ? config.people : config.channels;
    if (into) (into as Record<string, AlertPrefsSpec>)[row.id] = prefs.data;
  }
  return { config, ruleGuild, channelGuild };
}

const asState = (stored: unknown): AlertsState =>
  stored && typeof stored === "object" && (stored as { version?: unknown }).version === 1
    ? (stored as AlertsState)
    : emptyState();

/** Derives this step's inputs from the state it will be applied to (a conflict derives them again). */
export type InputsFor = (state: AlertsState, config: AlertsConfig) => AlertInput[] | Promise<AlertInput[]>;

export interface EvaluateResult {
  inputs: number;
  deliveries: number;
  events: string[];
  attempts: number;
}

/** One evaluation of a cluster at `now`: step, save, record, deliver. */
export async function evaluateAlerts(
  deps: AlertsEngineDeps,
  clusterId: string,
  inputsFor: InputsFor,
  now: number = Date.now(),
  loaded?: ClusterAlertsConfig,
): Promise<EvaluateResult> {
  const setup = loaded ?? (await loadAlertsConfig(deps, clusterId));
  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
    const stored = await loadAlertState(deps.prisma, clusterId, emptyState());
    const state = asState(stored.state);
    const inputs = await inputsFor(state, setup.config);
    // A tick last: held alerts, throttled groups and due digests go out even when nothing changed.
    const steps = [...inputs, { type: "tick" } as const].map((input) => ({ input, now }));
    const result = stepAll(state, steps, setup.config);
    if (!(await saveAlertState(deps.prisma, clusterId, result.state, stored.version))) continue;
    const events = await deliver(deps, clusterId, setup, result.deliveries, now);
    return { inputs: inputs.length, deliveries: result.deliveries.length, events, attempts: attempt };
  }
  throw new Error(
    `alerts: the state of cluster ${clusterId} kept changing; gave up after ${MAX_SAVE_ATTEMPTS} tries`,
  );
}

const notifySeverity: Record<Severity, NotificationSeverity> = {
  CRITICAL: "critical",
  HIGH: "warning",
  MEDIUM: "info",
  LOW: "info",
};

/** The deliveries of one message: same content, different recipients and channels. */
function byMessage(clusterId: string, deliveries: readonly Delivery[], now: number) {
  const messages = new Map<string, { id: string; deliveries: Delivery[] }>();
  for (const d of deliveries) {
    const identity = [clusterId, d.ruleId ?? "", d.kind, d.title, d.fingerprints.join(","), now].join(
      "\u0000",
    );
    const entry = messages.get(identity);
    if (entry) entry.deliveries.push(d);
    else
      messages.set(identity, {
        // Derived from the message: a replay writes the same row (skipped) and the same notify keys.
        id: `ae${createHash("sha256").update(identity).digest("hex").slice(0, 23)}`,
        deliveries: [d],
      });
  }
  return [...messages.values()];
}

async function deliver(
  deps: AlertsEngineDeps,
  clusterId: string,
  setup: ClusterAlertsConfig,
  deliveries: readonly Delivery[],
  now: number,
): Promise<string[]> {
  if (!deliveries.length) return [];
  const messages = byMessage(clusterId, deliveries, now);
  const guildOf = (d: Delivery) =>
    (d.ruleId ? setup.ruleGuild.get(d.ruleId) : undefined) ??
    (d.channel === "channel" ? setup.channelGuild.get(d.recipient) : undefined) ??
    null;
  const events: NewAlertEvent[] = messages.map(({ id, deliveries: [first, ...rest] }) => {
    const d = first as Delivery;
    return {
      id,
      clusterId,
      guildId: guildOf(d),
      ruleId: d.ruleId,
      kind: d.kind,
      severity: d.severity,
      // History is shown again later: nothing secret-shaped is kept (notify() blanks what it sends).
      title: redactSecretShapes(d.title).text,
      lines: d.lines.map((line) => redactSecretShapes(line).text),
      fingerprints: d.fingerprints,
      actions: d.actions ?? [],
      recipients: [
        ...new Set(
          [d, ...rest].map((x) => `${x.channel === "channel" ? "channel" : "person"}:${x.recipient}`),
        ),
      ],
      at: new Date(now),
    };
  });
  // The rows first: a Discord button names its event, which must exist when it is clicked.
  await insertAlertEvents(deps.prisma, events);
  const notify = deps.notifications?.notify;
  if (!notify) return events.map((e) => e.id);
  for (const { id, deliveries: list } of messages) {
    // One notify() per recipient: it stores the web center's row and pushes over the channels chosen.
    const perRecipient = new Map<string, Delivery[]>();
    for (const d of list) {
      const key = `${d.channel === "channel" ? "c" : "p"}:${d.recipient}`;
      perRecipient.set(key, [...(perRecipient.get(key) ?? []), d]);
    }
    for (const group of perRecipient.values()) {
      const d = group[0] as Delivery;
      const withButtons = (d.kind === "alert" || d.kind === "grouped") && (d.actions?.length ?? 0) > 0;
      const idempotencyKey = withButtons ? alertIdempotencyKey(id, guildOf(d), d.key) : `alerts:${d.key}`;
      const common = {
        title: d.title.slice(0, 200),
        body: d.lines.join("\n").slice(0, 3_900),
        severity: notifySeverity[d.severity],
        ...(d.links?.[0] ? { link: d.links[0].href } : {}),
        idempotencyKey,
        // The reducer already waited out this person's quiet and business hours.
        sendNow: true as const,
      };
      try {
        if (d.channel === "channel") {
          const guildId = guildOf(d);
          if (!guildId) continue;
          await notify({ ...common, to: { guildId, channelId: d.recipient } });
        } else {
          const push = group
            .map((x) => (x.channel === "dm" ? "discord_dm" : x.channel === "email" ? "email" : null))
            .filter((c): c is "discord_dm" | "email" => c !== null);
          await notify({ ...common, to: { userId: d.recipient }, pushChannels: push });
        }
      } catch (error) {
        (deps.log ?? defaultLogger()).warn(
          { eventId: id, error: error instanceof Error ? error.message : String(error) },
          "alerts: a delivery could not be handed to notify",
        );
      }
    }
  }
  return events.map((e) => e.id);
}
