import { NotificationsListInput, NotificationsListOutput } from "@clustercord/contracts";
import { listPersonNotifications } from "../../services/notify/center";
import { protectedProcedure } from "../../trpc";

/** Every notification the caller was sent, newest first; only their own. */
export const listNotificationsProcedure = protectedProcedure
  .input(NotificationsListInput)
  .output(NotificationsListOutput)
  .query(({ ctx, input }) => listPersonNotifications(ctx, ctx.identity.userId, input));
