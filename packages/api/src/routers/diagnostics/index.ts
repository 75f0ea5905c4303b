import { router } from "../../trpc";
import { runDiagnosticsProcedure } from "./run-diagnostics";

export const diagnosticsRouter = router({
  run: runDiagnosticsProcedure,
});
