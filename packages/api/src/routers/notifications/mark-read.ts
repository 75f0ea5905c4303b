import { NotificationsMarkReadInput, NotificationsMarkReadOutput } from "@clustercord/contracts";
import { markPersonNotificationsRead } from "../../services/notify/center";
import { protectedProcedure } from "../../trpc";

export const markReadProcedure = protectedProcedure
  .meta({
    auditTarget: (input) => {
      const i = input as { ids?: unknown; all?: unknown } | undefined;
      return Array.isArray(i?.ids) ? `notifications/${i.ids.length} by id` : "notifications/all";
    },
  })
  .input(NotificationsMarkReadInput)
  .output(NotificationsMarkReadOutput)
  .mutation(({ ctx, input }) => markPersonNotificationsRead(ctx, ctx.identity.userId, input));
