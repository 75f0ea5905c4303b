import {
  Budget,
  CostBudgetDeleteInput,
  CostBudgetSetInput,
  CostBudgetsListInput,
  CostBudgetsListOutput,
} from "@clustercord/contracts";
import { z } from "zod";
import { deleteBudget, listBudgets, setBudget } from "../../services/cost";
import { guildProcedure, roleProcedure, router } from "../../trpc";
import { budgetTarget } from "./audit-targets";

export const budgetsRouter = router({
  /** The guild's budgets on the cluster, with spend so far and the forecast. */
  list: guildProcedure
    .input(CostBudgetsListInput)
    .output(CostBudgetsListOutput)
    .query(({ ctx, input }) => listBudgets(ctx, ctx.actor, input)),
  /** Creates or replaces the budget for a scope and period. */
  set: roleProcedure("operator")
    .meta({ auditTarget: budgetTarget })
    .input(CostBudgetSetInput)
    .output(Budget)
    .mutation(({ ctx, input }) => setBudget(ctx, ctx.actor, input)),
  delete: roleProcedure("operator")
    .meta({ auditTarget: budgetTarget })
    .input(CostBudgetDeleteInput)
    .output(z.object({ deleted: z.boolean() }))
    .mutation(({ ctx, input }) => deleteBudget(ctx, ctx.actor, input)),
});
