import { NotificationPreferences, NotificationsConfirmEmailInput } from "@clustercord/contracts";
import { confirmPersonEmail } from "../../services/notify/email-address";
import { protectedProcedure } from "../../trpc";

export const confirmEmailProcedure = protectedProcedure
  // Never the token.
  .meta({ auditTarget: () => "email-address/confirm" })
  .input(NotificationsConfirmEmailInput)
  .output(NotificationPreferences)
  .mutation(({ ctx, input }) => confirmPersonEmail(ctx, ctx.identity.userId, input.token));
