/**
 * cost.*: usage and cost per namespace, workload and person, prices, budgets
 * and CSV export (guide features 5 and 15). Each entry opens the cluster for
 * the person first; the model is in @clustercord/cost.
 */
import {
  AppError,
  type Budget,
  type CostBreakdownInput,
  type CostBreakdownOutput,
  type CostBudgetDeleteInput,
  type CostBudgetSetInput,
  type CostConfig,
  type CostConfigSetInput,
  type CostExportInput,
  type CostExportOutput,
  type CostPersonInput,
  type CostPersonOutput,
  type CostSummaryInput,
  type CostSummaryOutput,
  type CostUsageInput,
  type CostUsageOutput,
} from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import { openActorCluster } from "./actor-cluster";
import type { Actor } from "./read-access";

async function notYet(deps: ApiDeps, actor: Actor, clusterId: string): Promise<never> {
  await openActorCluster(deps, actor, clusterId);
  throw new AppError("INTERNAL", { message: "cost is not built yet" });
}

export const costSummary = (
  deps: ApiDeps,
  actor: Actor,
  input: CostSummaryInput,
): Promise<CostSummaryOutput> => notYet(deps, actor, input.clusterId);
export const costBreakdown = (
  deps: ApiDeps,
  actor: Actor,
  input: CostBreakdownInput,
): Promise<CostBreakdownOutput> => notYet(deps, actor, input.clusterId);
export const costPerson = (deps: ApiDeps, actor: Actor, input: CostPersonInput): Promise<CostPersonOutput> =>
  notYet(deps, actor, input.clusterId);
export const costUsage = (deps: ApiDeps, actor: Actor, input: CostUsageInput): Promise<CostUsageOutput> =>
  notYet(deps, actor, input.clusterId);
export const getCostConfig = (
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string },
): Promise<CostConfig> => notYet(deps, actor, input.clusterId);
export const setCostConfig = (deps: ApiDeps, actor: Actor, input: CostConfigSetInput): Promise<CostConfig> =>
  notYet(deps, actor, input.clusterId);
export const exportCost = (deps: ApiDeps, actor: Actor, input: CostExportInput): Promise<CostExportOutput> =>
  notYet(deps, actor, input.clusterId);
export const listBudgets = (deps: ApiDeps, actor: Actor, input: { clusterId: string }): Promise<Budget[]> =>
  notYet(deps, actor, input.clusterId);
export const setBudget = (deps: ApiDeps, actor: Actor, input: CostBudgetSetInput): Promise<Budget> =>
  notYet(deps, actor, input.clusterId);
export const deleteBudget = (
  deps: ApiDeps,
  actor: Actor,
  input: CostBudgetDeleteInput,
): Promise<{ deleted: boolean }> => notYet(deps, actor, input.clusterId);
