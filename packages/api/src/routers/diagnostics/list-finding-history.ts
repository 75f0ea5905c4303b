import { DiagnosticsHistoryInput, DiagnosticsHistoryOutput } from "@clustercord/contracts";
import { findingHistory } from "../../services/diagnostics-history";
import { guildProcedure } from "../../trpc";

/** A target's (or one fingerprint's) findings history: episodes, open or resolved, and what resolved it last. */
export const listFindingHistoryProcedure = guildProcedure
  .input(DiagnosticsHistoryInput)
  .output(DiagnosticsHistoryOutput)
  .query(({ ctx, input }) => findingHistory(ctx, ctx.actor, input));
