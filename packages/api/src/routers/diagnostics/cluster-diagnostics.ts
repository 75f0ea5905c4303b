import { DiagnosticsClusterInput, DiagnosticsClusterOutput } from "@clustercord/contracts";
import { clusterDiagnostics } from "../../services/diagnostics";
import { guildProcedure } from "../../trpc";

/** Every finding in what the person may read of a cluster, most severe first. */
export const clusterDiagnosticsProcedure = guildProcedure
  .input(DiagnosticsClusterInput)
  .output(DiagnosticsClusterOutput)
  .query(({ ctx, input }) => clusterDiagnostics(ctx, ctx.actor, input));
