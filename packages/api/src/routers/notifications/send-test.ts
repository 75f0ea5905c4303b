import { NotificationsSendTestInput, NotificationsSendTestOutput } from "@clustercord/contracts";
import { sendPersonTest } from "../../services/notify/center";
import { protectedProcedure } from "../../trpc";

/** "Send me a test notification": checks one's channels end to end, at most once per half minute. */
export const sendTestProcedure = protectedProcedure
  .meta({ auditTarget: () => "notifications/test" })
  .input(NotificationsSendTestInput)
  .output(NotificationsSendTestOutput)
  .mutation(({ ctx }) => sendPersonTest(ctx, ctx.identity.userId));
