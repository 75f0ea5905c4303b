import {
  AppError,
  type HelmConfirmInput,
  type HelmOperation,
  type HelmOperationInput,
  type HelmOperationKind,
  type HelmPlan,
  type HelmPlanInstallInput,
  type HelmPlanRollbackInput,
  type HelmPlanUninstallInput,
  type HelmPlanUpgradeInput,
} from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import type { Actor } from "./read-access";

// PLACEHOLDER (notBuilt): the helper that owns this file replaces every function; none may remain.
const notBuilt = (): never => {
  throw new AppError("INTERNAL", { userMessage: "Not built yet." });
};

export async function planInstall(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmPlanInstallInput,
): Promise<HelmPlan> {
  return notBuilt();
}

export async function planUpgrade(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmPlanUpgradeInput,
): Promise<HelmPlan> {
  return notBuilt();
}

export async function planRollback(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmPlanRollbackInput,
): Promise<HelmPlan> {
  return notBuilt();
}

export async function planUninstall(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmPlanUninstallInput,
): Promise<HelmPlan> {
  return notBuilt();
}

export async function confirmPlan(
  _deps: ApiDeps,
  _actor: Actor,
  _kind: HelmOperationKind,
  _input: HelmConfirmInput,
): Promise<HelmOperation> {
  return notBuilt();
}

export async function getOperation(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmOperationInput,
): Promise<HelmOperation> {
  return notBuilt();
}

export async function cancelOperation(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmOperationInput,
): Promise<HelmOperation> {
  return notBuilt();
}
