import { router } from "../../trpc";
import { answerDiagnosticsProcedure } from "./answer-diagnostics";
import { askDiagnosticsProcedure } from "./ask-diagnostics";
import { clusterDiagnosticsProcedure } from "./cluster-diagnostics";
import { listFindingHistoryProcedure } from "./list-finding-history";
import { planFixProcedure } from "./plan-fix";
import { runDiagnosticsProcedure } from "./run-diagnostics";

export const diagnosticsRouter = router({
  run: runDiagnosticsProcedure,
  ask: askDiagnosticsProcedure,
  answer: answerDiagnosticsProcedure,
  cluster: clusterDiagnosticsProcedure,
  history: listFindingHistoryProcedure,
  planFix: planFixProcedure,
});
