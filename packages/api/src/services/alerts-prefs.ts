/**
 * alerts.config / alerts.getConfig: a person's alert clock (time zone, quiet hours, business hours,
 * digest times), or, for a guild admin, a guild channel's. Each call changes only the parts it names;
 * the answer is the effective settings the engine will use (prefsOf over the defaults).
 */
import { AlertPrefsSpec, prefsOf, type RecipientPrefs } from "@clustercord/alerts";
import { type AlertsConfigOutput, AppError } from "@clustercord/contracts";
import { type AlertPrefsKind, findAlertPrefs, upsertAlertPrefs } from "@clustercord/db";
import type { ApiDeps } from "../context";
import { isAdmin } from "./alerts";
import type { Actor } from "./read-access";

export type AlertsConfigInput = AlertPrefsSpec & { channelId?: string | undefined };

const storedSpec = (json: unknown): AlertPrefsSpec => {
  const parsed = AlertPrefsSpec.safeParse(json);
  return parsed.success ? parsed.data : {};
};

const effective = (kind: AlertPrefsKind, id: string, spec: AlertPrefsSpec): RecipientPrefs =>
  prefsOf(
    { rules: [], ...(kind === "person" ? { people: { [id]: spec } } : { channels: { [id]: spec } }) },
    { kind, id },
  );

/** A channel's prefs belong to the guild that set them first; another guild's channel is not found. */
async function channelRow(deps: ApiDeps, actor: Actor, channelId: string) {
  const row = await findAlertPrefs(deps.prisma, "channel", channelId);
  if (row && row.guildId !== actor.guildId) {
    throw new AppError("NOT_FOUND", { userMessage: "channelId: no such channel in this server." });
  }
  return row;
}

export async function setAlertsConfig(
  deps: ApiDeps,
  actor: Actor,
  input: AlertsConfigInput,
): Promise<AlertsConfigOutput> {
  const { channelId, ...patch } = input;
  if (channelId !== undefined) {
    if (!isAdmin(actor)) {
      throw new AppError("FORBIDDEN", {
        userMessage: `channelId: only admins set a channel's alert settings; you are ${actor.role}.`,
      });
    }
    if (patch.quietHours) {
      throw new AppError("BAD_REQUEST", {
        userMessage:
          "quietHours: a channel has no quiet hours (they are a person's); set business hours instead.",
      });
    }
  }
  const kind: AlertPrefsKind = channelId === undefined ? "person" : "channel";
  const id = channelId ?? actor.userId;
  const existing =
    kind === "channel" ? await channelRow(deps, actor, id) : await findAlertPrefs(deps.prisma, kind, id);
  const before = storedSpec(existing?.prefs);
  const merged: AlertPrefsSpec = {
    ...before,
    ...patch,
    ...(before.digest || patch.digest ? { digest: { ...before.digest, ...patch.digest } } : {}),
  };
  await upsertAlertPrefs(deps.prisma, {
    kind,
    id,
    guildId: kind === "channel" ? actor.guildId : null,
    prefs: merged,
  });
  return { prefs: effective(kind, id, merged) };
}

export async function getAlertsConfig(
  deps: ApiDeps,
  actor: Actor,
  input: { channelId?: string | undefined },
): Promise<AlertsConfigOutput> {
  if (input.channelId !== undefined) {
    const row = await channelRow(deps, actor, input.channelId);
    return { prefs: effective("channel", input.channelId, storedSpec(row?.prefs)) };
  }
  const row = await findAlertPrefs(deps.prisma, "person", actor.userId);
  return { prefs: effective("person", actor.userId, storedSpec(row?.prefs)) };
}
