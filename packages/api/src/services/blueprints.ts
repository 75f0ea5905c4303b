import {
  AppError,
  type Blueprint,
  type BlueprintPlan,
  type BlueprintPlanInput,
  type BlueprintRun,
  type HelmConfirmInput,
} from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import type { Actor } from "./read-access";

// PLACEHOLDER (notBuilt): the helper that owns this file replaces every function; none may remain.
const notBuilt = (): never => {
  throw new AppError("INTERNAL", { userMessage: "Not built yet." });
};

export async function listBlueprints(_deps: ApiDeps, _actor: Actor): Promise<{ blueprints: Blueprint[] }> {
  return notBuilt();
}

export async function planBlueprint(
  _deps: ApiDeps,
  _actor: Actor,
  _input: BlueprintPlanInput,
): Promise<BlueprintPlan> {
  return notBuilt();
}

export async function installBlueprint(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmConfirmInput,
): Promise<BlueprintRun> {
  return notBuilt();
}

export async function getBlueprintRun(
  _deps: ApiDeps,
  _actor: Actor,
  _input: { clusterId: string; runId: string },
): Promise<BlueprintRun> {
  return notBuilt();
}
