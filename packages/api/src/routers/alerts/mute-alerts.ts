import { AlertsMuteOutput } from "@clustercord/contracts";
import { muteAlerts } from "../../services/alerts-mutes";
import { guildProcedure } from "../../trpc";
import { muteTarget } from "./audit-targets";
import { AlertsMuteInput } from "./inputs";

/** Mutes a rule, a group or one fingerprint for a while, in the cluster's stored alert state. */
export const muteProcedure = guildProcedure
  .meta({ auditTarget: muteTarget })
  .input(AlertsMuteInput)
  .output(AlertsMuteOutput)
  .mutation(({ ctx, input }) => muteAlerts(ctx, ctx.actor, input));
