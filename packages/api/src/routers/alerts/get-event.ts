import { AlertEventView, AlertsEventInput } from "@clustercord/contracts";
import { alertEvent } from "../../services/alerts-history";
import { guildProcedure } from "../../trpc";

/** One alert message (the Discord Diagnose / Mute buttons name it), with the same visibility as the history. */
export const eventProcedure = guildProcedure
  .input(AlertsEventInput)
  .output(AlertEventView)
  .query(({ ctx, input }) => alertEvent(ctx, ctx.actor, input));
