import { NotificationPreferences, NotificationsUpdatePreferencesInput } from "@clustercord/contracts";
import { updatePersonPreferences } from "../../services/notify/preferences";
import { protectedProcedure } from "../../trpc";

const known = ["discordDm", "email", "quietHours", "timeZone"];

export const updatePreferencesProcedure = protectedProcedure
  .meta({
    // Which preferences changed, never their values (a time zone says where someone lives).
    auditTarget: (input) => {
      const keys = Object.keys((input ?? {}) as object).filter((k) => known.includes(k));
      return `notification-preferences/${keys.sort().join(",") || "-"}`;
    },
  })
  .input(NotificationsUpdatePreferencesInput)
  .output(NotificationPreferences)
  .mutation(({ ctx, input }) => updatePersonPreferences(ctx, ctx.identity.userId, input));
