import {
  AppError,
  type HelmChartInput,
  type HelmChartOutput,
  type HelmSearchInput,
  type HelmSearchOutput,
} from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import type { Actor } from "./read-access";

// PLACEHOLDER (notBuilt): the helper that owns this file replaces every function; none may remain.
const notBuilt = (): never => {
  throw new AppError("INTERNAL", { userMessage: "Not built yet." });
};

export async function searchCharts(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmSearchInput,
): Promise<HelmSearchOutput> {
  return notBuilt();
}

export async function getChart(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmChartInput,
): Promise<HelmChartOutput> {
  return notBuilt();
}
