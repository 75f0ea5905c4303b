/**
 * policies.*: the seven policies as ValidatingAdmissionPolicies, their
 * background audit, violations, reports and fixes. Each entry opens the
 * cluster for the person first; the work is in policy-*.ts.
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
  type StoredViolation,
} from "@clustercord/contracts";
import { findClusterOwner, findGuildCluster, findLastAuditRun, listViolationRows } from "@clustercord/db";
import { type KubeObject, RESOURCE_TYPES, type ResourceType } from "@clustercord/kube";
import { type KubeObject as PolicyObject, planFix } from "@clustercord/policy";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { openActorCluster } from "./actor-cluster";
import { type AuditDeps, auditCluster } from "./policy-audit";
import { applyWorkloadFix, planWorkloadFix } from "./policy-fix";
import { patchInWords, rowToStored, selectViolations, severityCounts } from "./policy-logic";
import { csvReport, jsonReport, pdfReport } from "./policy-report";
import { disable, enable, listPolicyStates, setMode } from "./policy-state";
import { type Actor, type OpenedCluster, sharedCache, visibleNamespaces } from "./read-access";

/** Namespaces whose violations the person may see (their namespaces, asked of the cluster as them). */
async function visibility(deps: ApiDeps, actor: Actor, cluster: OpenedCluster) {
  const namespaces = new Set(await visibleNamespaces(deps, actor, cluster));
  return (namespace: string) => namespaces.has(namespace);
}

const lastAuditAt = async (deps: ApiDeps, clusterId: string) =>
  (await findLastAuditRun(deps.prisma, clusterId))?.finishedAt.toISOString() ?? null;

export async function listPolicies(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesListInput>,
): Promise<PoliciesListOutput> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  const namespaces = await visibleNamespaces(deps, actor, cluster);
  const { canManage, policies } = await listPolicyStates(deps, actor, cluster, namespaces);
  return {
    clusterId: cluster.id,
    shared: cluster.shared,
    canManage,
    policies,
    lastAuditAt: await lastAuditAt(deps, cluster.id),
  };
}

export async function enablePolicy(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesEnableInput>,
): Promise<PolicyState> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  return enable(deps, actor, cluster, {
    policy: input.policy,
    mode: input.mode,
    ...(input.scope ? { scope: input.scope } : {}),
    ...(input.exclusions ? { exclusions: input.exclusions } : {}),
  });
}

export async function setPolicyMode(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesSetModeInput>,
): Promise<PolicyState> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  return setMode(deps, actor, cluster, input);
}

export async function disablePolicy(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesDisableInput>,
): Promise<PolicyState> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  return disable(deps, actor, cluster, input);
}

async function visibleViolations(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  input: Partial<z.output<typeof PoliciesViolationsInput>>,
): Promise<StoredViolation[]> {
  const [rows, visible] = await Promise.all([
    listViolationRows(deps.prisma, cluster.id, { includeResolved: input.includeResolved ?? false }),
    visibility(deps, actor, cluster),
  ]);
  return selectViolations(
    rows.map(rowToStored),
    {
      ...(input.severity ? { severity: input.severity } : {}),
      ...(input.policy ? { policy: input.policy } : {}),
      ...(input.namespace ? { namespace: input.namespace } : {}),
      ...(input.workload ? { workload: input.workload } : {}),
    },
    visible,
  );
}

export async function listViolations(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesViolationsInput>,
): Promise<PoliciesViolationsOutput> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  if (input.namespace && !(await visibleNamespaces(deps, actor, cluster)).includes(input.namespace))
    throw new AppError("FORBIDDEN", {
      userMessage: `The namespace ${input.namespace} is not one of yours on this cluster.`,
    });
  const violations = await visibleViolations(deps, actor, cluster, input);
  return {
    clusterId: cluster.id,
    violations,
    counts: severityCounts(violations.filter((v) => v.resolvedAt === null)),
    lastAuditAt: await lastAuditAt(deps, cluster.id),
  };
}

const typeOfKind: Record<string, ResourceType> = {
  Pod: RESOURCE_TYPES.pods,
  Deployment: RESOURCE_TYPES.deployments,
  StatefulSet: RESOURCE_TYPES.statefulsets,
  DaemonSet: RESOURCE_TYPES.daemonsets,
  ReplicaSet: RESOURCE_TYPES.replicasets,
  Job: RESOURCE_TYPES.jobs,
  CronJob: RESOURCE_TYPES.cronjobs,
};

/** The fix in words for a report line: the policy's context-free patch on the cached object, for its container. */
function fixWords(deps: ApiDeps, cluster: OpenedCluster) {
  return (v: StoredViolation): string | null => {
    const type = typeOfKind[v.kind];
    if (!type) return null;
    const object = sharedCache<KubeObject>(deps, cluster, type).get(`${v.namespace}/${v.name}`);
    const plan = object ? planFix(v.policy, object as PolicyObject, {}) : null;
    if (!plan || plan.ops.length === 0) return null;
    // The whole workload's fix: a patch names containers by index, and one apply fixes them all.
    return patchInWords(plan.ops).join("; ");
  };
}

export async function policyReport(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesReportInput>,
): Promise<PoliciesReportOutput> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  const violations = await visibleViolations(deps, actor, cluster, {});
  const record = await findGuildCluster(deps.prisma, actor.guildId, cluster.id);
  const report = {
    cluster: record?.name ?? cluster.id,
    now: new Date(),
    violations,
    fixOf: fixWords(deps, cluster),
  };
  if (input.format === "json") return jsonReport(report);
  if (input.format === "csv") return csvReport(report);
  return pdfReport(report);
}

export async function auditNow(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesAuditInput>,
): Promise<PoliciesAuditOutput> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  // A pass covers the whole cluster and its counts say so: the owner's members only.
  if ((await findClusterOwner(deps.prisma, cluster.id)) !== actor.guildId)
    throw new AppError("FORBIDDEN", {
      userMessage:
        "Only the server that added this cluster can run its policy audit; it also runs by itself every minute.",
    });
  return auditCluster(deps as AuditDeps, cluster);
}

export async function planPolicyFix(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesPlanFixInput>,
): Promise<PolicyFixPlan> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  return planWorkloadFix(deps, actor, cluster, input);
}

export async function applyPolicyFix(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof PoliciesFixInput>,
): Promise<ManifestApplyResult> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  return applyWorkloadFix(deps, actor, cluster, input);
}
