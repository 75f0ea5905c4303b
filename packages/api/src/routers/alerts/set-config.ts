import { AlertsConfigOutput } from "@clustercord/contracts";
import { setAlertsConfig } from "../../services/alerts-prefs";
import { guildProcedure } from "../../trpc";
import { configTarget } from "./audit-targets";
import { AlertsConfigInput } from "./inputs";

/** Sets the caller's alert clock (time zone, quiet hours, business hours, digests), or a channel's (admins). */
export const configProcedure = guildProcedure
  .meta({ auditTarget: configTarget })
  .input(AlertsConfigInput)
  .output(AlertsConfigOutput)
  .mutation(({ ctx, input }) => setAlertsConfig(ctx, ctx.actor, input));
