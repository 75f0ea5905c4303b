import { NotificationsUnreadOutput } from "@clustercord/contracts";
import { countPersonUnread } from "../../services/notify/center";
import { protectedProcedure } from "../../trpc";

export const countUnreadProcedure = protectedProcedure
  .output(NotificationsUnreadOutput)
  .query(async ({ ctx }) => ({ unread: await countPersonUnread(ctx, ctx.identity.userId) }));
