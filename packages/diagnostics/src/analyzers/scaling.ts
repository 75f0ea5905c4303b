/**
 * HorizontalPodAutoscalers and PodDisruptionBudgets: what scales a workload
 * and what guards it in drains.
 */
import { selectorMatches } from "@clustercord/policy";
import type { DiagnosticsContext } from "../context";
import { field } from "../evidence";
import { type FindingDraft, refOf } from "../finding";
import type { AnyObject, HorizontalPodAutoscaler, PodDisruptionBudget } from "../kube";
import { condition, conditionText } from "./workloads";

/** The kinds an HPA can scale that the caches hold, by the context's (and the input's) list name. */
const scaleTargets: Record<string, "deployments" | "statefulSets" | "replicaSets"> = {
  Deployment: "deployments",
  StatefulSet: "statefulSets",
  ReplicaSet: "replicaSets",
};

export function analyzeHpa(ctx: DiagnosticsContext, hpa: HorizontalPodAutoscaler): FindingDraft[] {
  const target = refOf("HorizontalPodAutoscaler", hpa);
  const ns = hpa.metadata?.namespace ?? "";
  const ref = hpa.spec?.scaleTargetRef;
  const out: FindingDraft[] = [];
  const kinds = ref?.kind ? scaleTargets[ref.kind] : undefined;
  // Only when that kind was read: a list the person may not see proves nothing missing.
  if (ref && kinds && ctx.input[kinds] !== undefined) {
    const list: AnyObject[] = ctx[kinds].get(ns) ?? [];
    if (!list.some((o) => o.metadata?.name === ref.name)) {
      out.push({
        id: "hpa.scale-target-missing",
        severity: "HIGH",
        target,
        title: `HPA ${target.name} scales ${ref.kind} ${ref.name}, which does not exist`,
        cause: "The autoscaler's scaleTargetRef points at nothing: it does nothing.",
        evidence: [field("spec.scaleTargetRef", `${ref.kind}/${ref.name}`)],
        recommendations: ["Fix scaleTargetRef, or delete the HPA if the workload is gone."],
      });
    }
  }
  const active = condition(hpa.status?.conditions, "ScalingActive");
  if (active?.status === "False") {
    out.push({
      id: "hpa.metrics-unavailable",
      severity: "MEDIUM",
      target,
      title: `HPA ${target.name} cannot read its metrics (${active.reason ?? "ScalingActive False"})`,
      cause: `The autoscaler cannot compute a replica count: ${active.message ?? ""}`,
      evidence: [field("status.conditions[ScalingActive]", conditionText(active))],
      recommendations: [
        "Check that metrics-server (or the custom metrics adapter) runs and serves this metric.",
        "Resource metrics need requests on every container of the target's pods.",
      ],
    });
  }
  const limited = condition(hpa.status?.conditions, "ScalingLimited");
  const max = hpa.spec?.maxReplicas;
  const current = hpa.status?.currentReplicas ?? 0;
  if (max !== undefined && current >= max && (limited === undefined || limited.status === "True")) {
    out.push({
      id: "hpa.at-max-replicas",
      severity: "MEDIUM",
      target,
      title: `HPA ${target.name} is at its maximum of ${max} replicas`,
      cause: "The load asks for more replicas than maxReplicas allows: the workload may be saturated.",
      evidence: [
        field("spec.maxReplicas", max),
        field("status.currentReplicas", current),
        field("status.desiredReplicas", hpa.status?.desiredReplicas ?? "?"),
        ...(limited ? [field("status.conditions[ScalingLimited]", conditionText(limited))] : []),
      ],
      recommendations: ["Raise maxReplicas if the cluster has room, or make each replica do more."],
    });
  }
  return out;
}

export function analyzePdb(ctx: DiagnosticsContext, pdb: PodDisruptionBudget): FindingDraft[] {
  const target = refOf("PodDisruptionBudget", pdb);
  const out: FindingDraft[] = [];
  const allowed = pdb.status?.disruptionsAllowed;
  const expected = pdb.status?.expectedPods ?? 0;
  if (allowed === 0 && expected > 0) {
    out.push({
      id: "pdb.no-disruptions-allowed",
      severity: "MEDIUM",
      target,
      title: `PodDisruptionBudget ${target.name} allows no disruptions`,
      cause: "With 0 disruptions allowed, node drains and cluster upgrades block on these pods.",
      evidence: [
        field("status.disruptionsAllowed", 0),
        field("status.currentHealthy", pdb.status?.currentHealthy ?? 0),
        field("status.desiredHealthy", pdb.status?.desiredHealthy ?? 0),
        field("status.expectedPods", expected),
        ...(pdb.spec?.minAvailable !== undefined ? [field("spec.minAvailable", pdb.spec.minAvailable)] : []),
        ...(pdb.spec?.maxUnavailable !== undefined
          ? [field("spec.maxUnavailable", pdb.spec.maxUnavailable)]
          : []),
      ],
      recommendations: [
        "Run more replicas than minAvailable, or allow maxUnavailable: 1.",
        "If pods are unhealthy, fix them first: unhealthy pods use up the budget.",
      ],
    });
  }
  if (pdb.spec?.selector && ctx.input.pods) {
    const pods = ctx.pods.get(pdb.metadata?.namespace ?? "") ?? [];
    if (!pods.some((p) => selectorMatches(pdb.spec?.selector, p.metadata?.labels ?? {}))) {
      out.push({
        id: "pdb.selector-no-match",
        severity: "LOW",
        target,
        title: `PodDisruptionBudget ${target.name} selects no pods`,
        cause: "Its selector matches no pod in the namespace: it protects nothing.",
        evidence: [field("spec.selector", JSON.stringify(pdb.spec.selector))],
        recommendations: ["Fix the selector to match the workload's pod labels, or delete the PDB."],
      });
    }
  }
  return out;
}
