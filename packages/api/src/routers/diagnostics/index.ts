import { router } from "../../trpc";
import { clusterDiagnosticsProcedure } from "./cluster-diagnostics";
import { runDiagnosticsProcedure } from "./run-diagnostics";

export const diagnosticsRouter = router({
  run: runDiagnosticsProcedure,
  cluster: clusterDiagnosticsProcedure,
});
