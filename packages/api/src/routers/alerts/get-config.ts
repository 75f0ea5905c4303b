import { AlertsConfigOutput, AlertsGetConfigInput } from "@clustercord/contracts";
import { getAlertsConfig } from "../../services/alerts-prefs";
import { guildProcedure } from "../../trpc";

/** The caller's effective alert settings, or a channel's of this guild. */
export const getConfigProcedure = guildProcedure
  .input(AlertsGetConfigInput)
  .output(AlertsConfigOutput)
  .query(({ ctx, input }) => getAlertsConfig(ctx, ctx.actor, input));
