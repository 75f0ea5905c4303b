/**
 * policies.*: the seven policies as ValidatingAdmissionPolicies, their
 * background audit, violations, reports and fixes.
 */
import {
  AppError,
  type ManifestApplyResult,
  type PoliciesAuditInput,
  type PoliciesAuditOutput,
  type PoliciesDisableInput,
  type PoliciesEnableInput,
  type PoliciesFixInput,
  type PoliciesListInput,
  type PoliciesListOutput,
  type PoliciesPlanFixInput,
  type PoliciesReportInput,
  type PoliciesReportOutput,
  type PoliciesSetModeInput,
  type PoliciesViolationsInput,
  type PoliciesViolationsOutput,
  type PolicyFixPlan,
  type PolicyState,
} from "@clustercord/contracts";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { openActorCluster } from "./actor-cluster";
import type { Actor } from "./read-access";

const notBuilt = () => new AppError("BAD_REQUEST", { userMessage: "Not built yet." });

export async function listPolicies(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesListInput>,
): Promise<PoliciesListOutput> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function enablePolicy(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesEnableInput>,
): Promise<PolicyState> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function setPolicyMode(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesSetModeInput>,
): Promise<PolicyState> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function disablePolicy(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesDisableInput>,
): Promise<PolicyState> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function listViolations(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesViolationsInput>,
): Promise<PoliciesViolationsOutput> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function policyReport(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesReportInput>,
): Promise<PoliciesReportOutput> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function auditNow(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesAuditInput>,
): Promise<PoliciesAuditOutput> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function planPolicyFix(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesPlanFixInput>,
): Promise<PolicyFixPlan> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function applyPolicyFix(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesFixInput>,
): Promise<ManifestApplyResult> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}
