import { NotificationPreferences } from "@clustercord/contracts";
import { getPersonPreferences } from "../../services/notify/preferences";
import { protectedProcedure } from "../../trpc";

export const getPreferencesProcedure = protectedProcedure
  .output(NotificationPreferences)
  .query(({ ctx }) => getPersonPreferences(ctx, ctx.identity.userId));
