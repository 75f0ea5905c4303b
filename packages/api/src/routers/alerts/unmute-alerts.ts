import { AlertsUnmuteOutput } from "@clustercord/contracts";
import { unmuteAlerts } from "../../services/alerts-mutes";
import { guildProcedure } from "../../trpc";
import { muteTarget } from "./audit-targets";
import { AlertsUnmuteInput } from "./inputs";

/** Ends a mute before its time. */
export const unmuteProcedure = guildProcedure
  .meta({ auditTarget: muteTarget })
  .input(AlertsUnmuteInput)
  .output(AlertsUnmuteOutput)
  .mutation(({ ctx, input }) => unmuteAlerts(ctx, ctx.actor, input));
