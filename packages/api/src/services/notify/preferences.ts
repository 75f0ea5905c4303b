import type { NotificationPreferences, NotificationsUpdatePreferencesInput } from "@clustercord/contracts";
import { findPreferences, type PreferencePatch, toPreferencesView, updatePreferences } from "@clustercord/db";
import type { ApiDeps } from "../../context";

const emailAvailable = (deps: ApiDeps) => Boolean(deps.notifications?.mailer);

export async function getPersonPreferences(deps: ApiDeps, userId: string): Promise<NotificationPreferences> {
  return toPreferencesView(await findPreferences(deps.prisma, userId), emailAvailable(deps));
}

/** Changes what was given; quiet hours null switches them off. */
export async function updatePersonPreferences(
  deps: ApiDeps,
  userId: string,
  input: NotificationsUpdatePreferencesInput,
): Promise<NotificationPreferences> {
  const patch: PreferencePatch = {};
  if (input.discordDm !== undefined) patch.discordDm = input.discordDm;
  if (input.email !== undefined) patch.email = input.email;
  if (input.timeZone !== undefined) patch.timeZone = input.timeZone;
  if (input.quietHours !== undefined) {
    patch.quietStart = input.quietHours?.start ?? null;
    patch.quietEnd = input.quietHours?.end ?? null;
  }
  return toPreferencesView(await updatePreferences(deps.prisma, userId, patch), emailAvailable(deps));
}
