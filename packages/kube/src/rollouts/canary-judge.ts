/**
 * The canary's analysis, as data: one observation of its pods becomes a
 * check, and the checks so far decide whether it is healthy (promote at the
 * window's end), unhealthy (roll back now, with the reason) or still being
 * watched. Pure: the clock is a parameter.
 */
import type { CanaryCheck } from "@clustercord/contracts";
import type { V1Pod } from "@kubernetes/client-node";

/** One canary pod as the analysis sees it. */
export interface CanaryPodObservation {
  name: string;
  ready: boolean;
  restarts: number;
  /** The waiting reason of a container that is not running ("CrashLoopBackOff", "ImagePullBackOff"). */
  waitingReason: string | null;
  /** The last termination's exit code of the container that restarted most. */
  lastExitCode: number | null;
  /** Diagnostics finding ids on this pod ("pod.crash-loop.app-error"). */
  findings: string[];
}

export interface CanaryObservation {
  at: Date;
  /** The canary Deployment's desired replicas. */
  desired: number;
  pods: CanaryPodObservation[];
}

/** One analysis check: the contract's CanaryCheck. */
export type CanaryCheckRecord = CanaryCheck;

export type CanaryVerdict =
  | { verdict: "healthy"; reason: string }
  | { verdict: "unhealthy"; reason: string }
  | { verdict: "watching"; reason: null };

/**
 * Findings that are evidence against the canary: crashes, failed or
 * unstartable containers, failing probes, pods that cannot be placed. Usage
 * findings (CPU at its limit) and policy findings are not.
 */
const UNHEALTHY_FINDINGS = [
  "pod.crash-loop",
  "pod.failed",
  "pod.image-pull",
  "pod.container",
  "pod.evicted",
  "pod.probe",
  "pod.unschedulable",
  "pod.volume",
];
export const isUnhealthyFinding = (id: string) =>
  UNHEALTHY_FINDINGS.some((prefix) => id === prefix || id.startsWith(`${prefix}.`));

/** A pod from the API as the analysis reads it (findings come from diagnostics, by pod name). */
export function observePod(pod: V1Pod, findings: readonly string[]): CanaryPodObservation {
  const statuses = pod.status?.containerStatuses ?? [];
  const worst = [...statuses].sort((a, b) => (b.restartCount ?? 0) - (a.restartCount ?? 0))[0];
  const ready = pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
  return {
    name: pod.metadata?.name ?? "",
    ready,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    waitingReason: statuses.find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason ?? null,
    lastExitCode: worst?.lastState?.terminated?.exitCode ?? worst?.state?.terminated?.exitCode ?? null,
    findings: [...findings],
  };
}

/** Why a pod counts against the canary, or null when nothing does. */
function podProblem(pod: CanaryPodObservation): string | null {
  if (pod.restarts > 0) {
    const detail = [pod.waitingReason, pod.lastExitCode !== null ? `exit code ${pod.lastExitCode}` : null]
      .filter(Boolean)
      .join(", ");
    const times = pod.restarts === 1 ? "once" : `${pod.restarts} times`;
    return `canary pod ${pod.name} restarted ${times}${detail ? `: ${detail}` : ""}`;
  }
  const bad = pod.findings.filter(isUnhealthyFinding);
  if (bad.length > 0) return `canary pod ${pod.name} has ${bad.join(", ")}`;
  return null;
}

/** One observation as a check (what the status shows), and what it says on its own. */
export function canaryCheck(observation: CanaryObservation): {
  check: CanaryCheckRecord;
  problem: string | null;
} {
  const problem = observation.pods.map(podProblem).find((p) => p !== null) ?? null;
  const findings = [...new Set(observation.pods.flatMap((p) => p.findings))].sort();
  return {
    check: {
      at: observation.at.toISOString(),
      ready: observation.pods.filter((p) => p.ready).length,
      desired: observation.desired,
      restarts: observation.pods.reduce((sum, p) => sum + p.restarts, 0),
      findings,
      healthy: problem === null,
    },
    problem,
  };
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * The verdict after this observation: unhealthy at the first evidence (a
 * restart, an unhealthy finding); at the window's end, healthy only when every
 * desired canary pod is Ready, else unhealthy; before that, still watching.
 */
export function judgeCanary(
  observation: CanaryObservation,
  window: { startedAt: Date; endsAt: Date },
): CanaryVerdict {
  const { check, problem } = canaryCheck(observation);
  if (problem) return { verdict: "unhealthy", reason: problem };
  if (observation.at.getTime() < window.endsAt.getTime()) return { verdict: "watching", reason: null };
  const length = seconds(window.endsAt.getTime() - window.startedAt.getTime());
  if (check.ready < check.desired) {
    return {
      verdict: "unhealthy",
      reason: `only ${check.ready} of ${check.desired} canary pods were Ready at the end of the ${length} window`,
    };
  }
  return {
    verdict: "healthy",
    reason: `${check.ready} of ${check.desired} canary pods Ready with no restarts for the ${length} window`,
  };
}
