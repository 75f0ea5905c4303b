import { NotificationPreferences, NotificationsSetEmailInput } from "@clustercord/contracts";
import { setPersonEmail } from "../../services/notify/email-address";
import { protectedProcedure } from "../../trpc";

export const setEmailProcedure = protectedProcedure
  .meta({
    // Never the address itself.
    auditTarget: (input) =>
      (input as { email?: unknown } | undefined)?.email === null
        ? "email-address/removed"
        : "email-address/set",
  })
  .input(NotificationsSetEmailInput)
  .output(NotificationPreferences)
  .mutation(({ ctx, input }) => setPersonEmail(ctx, ctx.identity.userId, input.email));
