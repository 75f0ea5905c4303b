import { AlertsHistoryInput, AlertsHistoryOutput } from "@clustercord/contracts";
import { alertHistory } from "../../services/alerts-history";
import { guildProcedure } from "../../trpc";

/** The alerts that went out for the guild's rules: the caller's own, or all of them for admins. */
export const historyProcedure = guildProcedure
  .input(AlertsHistoryInput)
  .output(AlertsHistoryOutput)
  .query(({ ctx, input }) => alertHistory(ctx, ctx.actor, input));
