/**
 * policies.planFix / policies.fix: the policy's patch on the live workload
 * (read as the person, with facts from its pods, metrics and LimitRanges),
 * the server's dry-run of the fixed object as the diff, and the shared
 * confirm path (storeApplyPlan / applyStoredPlan) to apply it.
 */
import {
  AppError,
  type ManifestApplyResult,
  type PolicyFixPlan,
  type PolicyKey,
  parseQuantity,
} from "@clustercord/contracts";
import {
  dryRunApply,
  limitRangeDefault,
  normalizeLive,
  objectDiff,
  peakUsage,
  readFixFacts,
  readWorkload,
  runningDigests,
  WORKLOAD_API_VERSIONS,
} from "@clustercord/kube";
import { applyJsonPatch, isWorkloadKind, planFix } from "@clustercord/policy";
import type { ApiDeps } from "../context";
import { personKubeConfig } from "./actor-cluster";
import { applyStoredPlan, storeApplyPlan } from "./manifest-plans";
import { type AuditDeps, auditCluster } from "./policy-audit";
import { patchInWords } from "./policy-logic";
import type { Actor, OpenedCluster } from "./read-access";

type Obj = Record<string, unknown>;

/** The object to apply: the live one with the patch, without what the server owns (status, uid, resourceVersion…). */
function applyable(live: Obj, fixed: Obj): Obj {
  const normal = normalizeLive(fixed);
  const metadata = { ...((normal.metadata ?? {}) as Obj) };
  for (const field of [
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "managedFields",
    "selfLink",
  ])
    delete metadata[field];
  return { ...normal, apiVersion: live.apiVersion, kind: live.kind, metadata };
}

export async function planWorkloadFix(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  input: { policy: PolicyKey; namespace: string; workload: string },
): Promise<PolicyFixPlan> {
  const [kind = "", name = ""] = input.workload.split("/");
  const canonicalKind = Object.keys(WORKLOAD_API_VERSIONS).find(
    (k) => k.toLowerCase() === kind.toLowerCase(),
  );
  if (!canonicalKind || !isWorkloadKind(canonicalKind))
    throw new AppError("BAD_REQUEST", {
      userMessage: `Policies judge ${Object.keys(WORKLOAD_API_VERSIONS).join(", ")}; ${kind} is not one of them.`,
    });
  const kc = personKubeConfig(deps, actor, cluster);
  const live = await readWorkload(kc, canonicalKind, input.namespace, name);
  const facts = await readFixFacts(kc, live, input.namespace);
  const usage = peakUsage(facts.metrics, (q) => parseQuantity(q) ?? 0);
  const context = {
    ...(Object.keys(usage).length > 0 ? { usage } : {}),
    limitRangeDefault: limitRangeDefault(facts.limitRanges),
    runningDigests: runningDigests(facts.pods),
  };
  const plan = planFix(input.policy, live, context);
  const where = `${canonicalKind}/${name} in ${input.namespace}`;
  if (!plan)
    throw new AppError("BAD_REQUEST", {
      userMessage: `${where} does not violate ${input.policy}: nothing to fix.`,
    });
  const warnings = plan.unfixed.map((u) => `${u.target}: ${u.reason}`);
  if (plan.ops.length === 0)
    throw new AppError("BAD_REQUEST", {
      userMessage: `ClusterCord cannot fix ${input.policy} on ${where} by itself: ${warnings.join("; ") || "no patch applies"}.`,
    });
  const object = applyable(live, applyJsonPatch(live, plan.ops));
  // The diff is what the server would store (defaults and admission included), as the person.
  const dryRun = await dryRunApply(kc, object);
  const diff = objectDiff(live, dryRun);
  const summary = patchInWords(plan.ops);
  const stored = await storeApplyPlan(deps, actor, cluster, {
    origin: "policy-fix",
    objects: [
      {
        object: object as PolicyFixPlanObject,
        file: `${canonicalKind}/${name}`,
        document: null,
      },
    ],
    summary: `Fix ${input.policy} on ${where}: ${summary.join("; ")}`,
  });
  return {
    clusterId: cluster.id,
    policy: input.policy,
    namespace: input.namespace,
    workload: `${canonicalKind}/${name}`,
    patch: plan.ops,
    diff: diff.diff,
    summary,
    warnings,
    ...stored,
  };
}

type PolicyFixPlanObject = Parameters<typeof storeApplyPlan>[3]["objects"][number]["object"];

/** Applies the stored fix as the person, then audits at once so the violation is resolved now, not in a minute. */
export async function applyWorkloadFix(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  input: { clusterId: string; planId: string; confirmToken: string },
): Promise<ManifestApplyResult> {
  const result = await applyStoredPlan(deps, actor, input, "policy-fix");
  if (result.status === "applied")
    await auditCluster(deps as AuditDeps, cluster).catch((error: unknown) =>
      deps.log?.warn({ err: error, clusterId: cluster.id }, "policy audit after a fix failed"),
    );
  return result;
}
