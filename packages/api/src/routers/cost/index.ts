import { router } from "../../trpc";
import { breakdownProcedure } from "./breakdown";
import { budgetsRouter } from "./budgets";
import { configRouter } from "./config";
import { exportProcedure } from "./export-csv";
import { personProcedure } from "./person";
import { summaryProcedure } from "./summary";
import { usageProcedure } from "./usage";

export const costRouter = router({
  summary: summaryProcedure,
  breakdown: breakdownProcedure,
  person: personProcedure,
  usage: usageProcedure,
  export: exportProcedure,
  config: configRouter,
  budgets: budgetsRouter,
});
