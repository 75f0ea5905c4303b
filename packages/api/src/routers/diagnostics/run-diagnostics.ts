import { DiagnosticsRunInput, DiagnosticsRunOutput } from "@clustercord/contracts";
import { runDiagnostics } from "../../services/diagnostics";
import { guildProcedure } from "../../trpc";

/** Findings with evidence and fixes for a pod, workload, node or namespace, from what the person may read. */
export const runDiagnosticsProcedure = guildProcedure
  .input(DiagnosticsRunInput)
  .output(DiagnosticsRunOutput)
  .query(({ ctx, input }) => runDiagnostics(ctx, ctx.actor, input));
