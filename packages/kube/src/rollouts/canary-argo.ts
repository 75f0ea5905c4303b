/**
 * Argo Rollouts' `Rollout` (argoproj.io/v1alpha1) as ClusterCord shows and
 * acts on it: its controller runs the canary; promote and abort are the
 * patches `kubectl argo rollouts promote|abort` sends. Pure.
 */
import type { ArgoRolloutStatus, CanaryStatus } from "@clustercord/contracts";

interface ArgoStep {
  setWeight?: number;
  pause?: unknown;
  [key: string]: unknown;
}

/** The parts of a Rollout read here (the CRD's JSON). */
export interface ArgoRollout {
  metadata?: { name?: string; namespace?: string; uid?: string; creationTimestamp?: string | Date };
  spec?: {
    replicas?: number;
    paused?: boolean;
    template?: { spec?: { containers?: { image?: string }[] } };
    strategy?: { canary?: { steps?: ArgoStep[] }; blueGreen?: unknown };
  };
  status?: {
    phase?: string;
    message?: string;
    abort?: boolean;
    pauseConditions?: unknown[] | null;
    controllerPause?: boolean;
    currentStepIndex?: number;
    updatedReplicas?: number;
    canary?: { weights?: { canary?: { weight?: number } } };
  };
}

const stepsOf = (ro: ArgoRollout) => ro.spec?.strategy?.canary?.steps ?? [];

/** The canary's weight: the controller's, else the last setWeight among the steps already passed. */
function canaryWeight(ro: ArgoRollout, current: number | null): number | null {
  const byController = ro.status?.canary?.weights?.canary?.weight;
  if (typeof byController === "number") return byController;
  if (current === null) return null;
  const passed = stepsOf(ro)
    .slice(0, current)
    .filter((s) => typeof s.setWeight === "number");
  return passed.at(-1)?.setWeight ?? null;
}

export function argoRolloutStatus(ro: ArgoRollout): ArgoRolloutStatus {
  const isCanary = Boolean(ro.spec?.strategy?.canary);
  const steps = stepsOf(ro).length;
  const current = isCanary ? Math.min(ro.status?.currentStepIndex ?? 0, steps) : null;
  return {
    name: ro.metadata?.name ?? "",
    phase: ro.status?.phase ?? "",
    message: ro.status?.message || null,
    paused: Boolean(ro.spec?.paused) || (ro.status?.pauseConditions?.length ?? 0) > 0,
    aborted: ro.status?.abort === true,
    currentStep: current,
    steps,
    canaryWeight: canaryWeight(ro, current),
    images: (ro.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ""),
  };
}

export interface ArgoPatches {
  /** A merge patch of the Rollout (spec), or null. */
  spec: Record<string, unknown> | null;
  /** A merge patch of its status subresource, or null. */
  status: Record<string, unknown> | null;
}

/**
 * `kubectl argo rollouts promote` (without --full): unpause, and clear the
 * pause conditions, or, when it is not paused at a step, go to the next step.
 */
export function argoPromotePatches(ro: ArgoRollout): ArgoPatches {
  const spec = ro.spec?.paused ? { spec: { paused: false } } : null;
  if ((ro.status?.pauseConditions?.length ?? 0) > 0)
    return { spec, status: { status: { pauseConditions: null } } };
  if (ro.spec?.strategy?.canary) {
    const steps = stepsOf(ro).length;
    const next = Math.min((ro.status?.currentStepIndex ?? 0) + 1, steps);
    return { spec, status: { status: { pauseConditions: null, currentStepIndex: next } } };
  }
  return { spec, status: null };
}

/** `kubectl argo rollouts abort`: the controller goes back to the stable ReplicaSet. */
export const argoAbortPatch = (): Record<string, unknown> => ({ status: { abort: true } });

const iso = (t: string | Date | undefined) =>
  t instanceof Date ? t.toISOString() : (t ?? new Date(0).toISOString());

/**
 * The Rollout seen as a ClusterCord canary (what rollouts.promote / abort
 * answer in `canary`): its controller's phase mapped to ours, its weight as
 * the percentage (1 to 99), no checks (its own analysis runs are Argo's).
 */
export function argoAsCanary(ro: ArgoRollout, clusterId: string): CanaryStatus {
  const status = argoRolloutStatus(ro);
  const phase: CanaryStatus["phase"] = status.aborted
    ? "aborted"
    : status.phase === "Healthy"
      ? "promoted"
      : status.phase === "Degraded"
        ? "rolled-back"
        : "analysing";
  const name = status.name;
  const created = iso(ro.metadata?.creationTimestamp);
  return {
    id: `argo:${ro.metadata?.uid ?? name}`,
    clusterId,
    namespace: ro.metadata?.namespace ?? "",
    deployment: name,
    canaryDeployment: name,
    image: status.images[0] ?? "",
    stableImage: "",
    percentage: Math.min(99, Math.max(1, status.canaryWeight ?? 1)),
    traffic: "replicas",
    httpRoute: null,
    stableReplicas: ro.spec?.replicas ?? 1,
    canaryReplicas: ro.status?.updatedReplicas ?? 0,
    phase,
    reason: status.message,
    startedBy: "Argo Rollouts",
    startedAt: created,
    analysisEndsAt: created,
    endedAt: null,
    checks: [],
  };
}
