import type { AlertEventView, DiagnoseTarget } from "@clustercord/contracts";
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type ButtonInteraction,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { ApiClient } from "../api-client";
import { renderDiagnosis } from "../render/diagnostics";
import { apiErrorCode } from "../render/error";
import { shortTime } from "../render/helm";
import { UserError } from "../user-error";
import { durationText } from "./alert-duration";
import { customId } from "./cluster/custom-id";
import type { ButtonHandler } from "./types";

/*
 * The buttons on an alert DM or channel post (rendered by the alerts engine through notify):
 * `alert:diagnose:<eventId>[:<guildId>]` and `alert:mute:<eventId>[:<guildId>[:<minutes>]]`.
 */
export const ALERT_PREFIX = "alert";
/** The Mute button's duration, and the longer ones offered once muted. */
export const MUTE_MINUTES = 60;
const LONGER_MUTES = [8 * 60, 24 * 60] as const;
/** A DM click names no server: at most this many of the bot's servers are asked whose alert it is. */
const GUILDS_TRIED = 10;
const SNOWFLAKE = /^\d{17,20}$/;

export const EVENT_GONE = "This alert is no longer known (it may be older than its history keeps).";

const DIAGNOSABLE = new Set([
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
]);

/** What the Diagnose button diagnoses: the resource itself, or its namespace when its kind has no analyzer. */
export function diagnoseTarget(target: {
  kind: string;
  namespace: string | null;
  name: string;
}): DiagnoseTarget {
  if (target.kind === "Node") return { kind: "Node", name: target.name };
  if (target.namespace && DIAGNOSABLE.has(target.kind))
    return { kind: target.kind as "Pod", namespace: target.namespace, name: target.name };
  if (target.namespace) return { kind: "Namespace", name: target.namespace };
  throw new UserError(`There is nothing to diagnose for ${target.kind} ${target.name}.`);
}

/** Button labels count whole hours up to two days (8h, 24h), as the alert DM offers them. */
const buttonDuration = (minutes: number) =>
  minutes % 60 === 0 && minutes <= 48 * 60 ? `${minutes / 60}h` : durationText(minutes);

type Click = ButtonInteraction<"cached" | "raw">;

/**
 * The alert event and the API as the clicker in the event's server: the server in the button, the
 * one clicked in, or (a DM with an older button) the bot's servers asked in turn, the first whose
 * alerts.event answers winning (an event is only visible in its own server).
 */
async function eventAndApi(
  interaction: Click,
  eventId: string,
  guildArg: string | undefined,
  apiIn: (guildId: string) => ApiClient,
): Promise<{ api: ApiClient; event: AlertEventView }> {
  const named = guildArg && SNOWFLAKE.test(guildArg) ? guildArg : interaction.guildId;
  const candidates = named ? [named] : [...interaction.client.guilds.cache.keys()].slice(0, GUILDS_TRIED);
  // "Not yours / no such alert" says more than "not a member" of a server the event is not in.
  let notFound: unknown = null;
  let forbidden: unknown = new UserError(EVENT_GONE);
  for (const guildId of candidates) {
    const api = apiIn(guildId);
    try {
      const event: AlertEventView = await api.alerts.event.query({ id: eventId });
      return { api, event };
    } catch (error) {
      const code = apiErrorCode(error);
      if (candidates.length === 1 || (code !== "FORBIDDEN" && code !== "NOT_FOUND")) throw error;
      if (code === "NOT_FOUND") notFound ??= error;
      else forbidden = error;
    }
  }
  throw notFound ?? forbidden;
}

/** The clicked message's rows with every Mute button replaced: "Muted until …" (disabled) and longer mutes. */
export function mutedRows(
  rows: readonly APIActionRowComponent<APIComponentInMessageActionRow>[],
  until: string,
  minutes: number,
  muteId: (minutes: number) => string,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const isMute = (c: APIComponentInMessageActionRow) =>
    c.type === ComponentType.Button && "custom_id" in c && c.custom_id.startsWith(`${ALERT_PREFIX}:mute:`);
  return rows.map((row) => {
    if (!row.components.some(isMute)) return row;
    const kept = row.components.filter((c) => !isMute(c));
    const muted: APIButtonComponent = {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: `Muted ${buttonDuration(minutes)} · until ${shortTime(until).slice(11)} UTC`,
      custom_id: muteId(0),
      disabled: true,
    };
    const longer: APIButtonComponent[] = LONGER_MUTES.filter((m) => m > minutes).map((m) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: `Mute ${buttonDuration(m)}`,
      custom_id: muteId(m),
    }));
    return { ...row, components: [...kept, muted, ...longer].slice(0, 5) };
  });
}

/**
 * Diagnose: diagnostics.run of the alert's resource as the clicker, shown to them alone (a channel's
 * alert stays as it is). Mute: alerts.mute of what the alert is about (its rule, group or resource)
 * for an hour, or the longer duration its button carries; the message then says until when.
 */
const alertButton: ButtonHandler = {
  prefix: ALERT_PREFIX,
  dm: true,
  // Diagnose answers the clicker alone; Mute edits the alert message.
  followUp: ([verb]) => verb === "diagnose",
  async execute({ interaction, args, apiIn, webUrl }) {
    const [verb, eventId = "", guildArg, minutesArg] = args;
    if (!eventId || (verb !== "diagnose" && verb !== "mute")) throw new UserError(EVENT_GONE);
    const { api, event } = await eventAndApi(interaction, eventId, guildArg, apiIn);
    if (verb === "diagnose") {
      const action = event.actions.find((a) => a.type === "diagnose");
      if (action?.type !== "diagnose") throw new UserError("This alert has nothing to diagnose.");
      const target = diagnoseTarget(action.target);
      const [out, { clusters }] = await Promise.all([
        api.diagnostics.run.query({ clusterId: event.clusterId, target }),
        api.clusters.list.query(),
      ]);
      const clusterName = clusters.find((c) => c.id === event.clusterId)?.name ?? event.clusterId;
      return { embeds: [renderDiagnosis(out, { clusterId: event.clusterId, clusterName, webUrl })] };
    }
    const action = event.actions.find((a) => a.type === "mute");
    if (action?.type !== "mute") throw new UserError("This alert cannot be muted from here.");
    const minutes = Number(minutesArg) > 0 ? Number(minutesArg) : MUTE_MINUTES;
    const { until } = await api.alerts.mute.mutate({
      clusterId: event.clusterId,
      target: action.target,
      durationMinutes: minutes,
    });
    const guild = guildArg && SNOWFLAKE.test(guildArg) ? guildArg : (interaction.guildId ?? "-");
    const muteId = (m: number) => customId(ALERT_PREFIX, "mute", event.id, guild, String(m));
    const rows = interaction.message.components.map((row) =>
      (row as { toJSON(): APIActionRowComponent<APIComponentInMessageActionRow> }).toJSON(),
    );
    const embeds = interaction.message.embeds.map((e) => (e as { toJSON(): APIEmbed }).toJSON());
    return { embeds, components: mutedRows(rows, until, minutes, muteId) };
  },
};

export const alertButtons: readonly ButtonHandler[] = [alertButton];
