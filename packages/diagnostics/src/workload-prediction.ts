/**
 * "Expected OOM in ~N min" from the cost sampler's usage samples. Those are
 * stored per workload (its Running pods summed), not per container, so the
 * trend of the summed usage is compared with the summed memory limits of the
 * same pods, and the finding says so: one pod may reach its own limit sooner.
 */
import type { Finding, ObjectRef } from "@clustercord/contracts";
import { memoryLimit } from "./analyzers/pod-parts";
import { mib } from "./evidence";
import { finding } from "./finding";
import type { Pod } from "./kube";
import { predictOom } from "./prediction";

/** One sampler pass's memory of one workload: its `pods` Running pods summed. */
export interface WorkloadMemorySample {
  at: string;
  memoryBytes: number;
  pods: number;
}

/** The summed memory limits of the pods; null when any container has none (nothing to run into). */
export function summedMemoryLimit(pods: readonly Pod[]): number | null {
  let total = 0;
  for (const pod of pods)
    for (const c of pod.spec?.containers ?? []) {
      const limit = memoryLimit(c);
      if (!limit) return null;
      total += limit;
    }
  return pods.length ? total : null;
}

/**
 * A finding on `target` (the workload) when its summed memory trends toward
 * the summed limit of its Running `pods`. Only the samples since the pod
 * count last changed count: a scale-up is not a leak.
 */
export function workloadOomFinding(args: {
  target: ObjectRef;
  pods: readonly Pod[];
  samples: readonly WorkloadMemorySample[];
  now: Date;
}): Finding | null {
  const running = args.pods.filter((p) => p.status?.phase === "Running");
  const limit = summedMemoryLimit(running);
  if (!limit) return null;
  const ordered = [...args.samples].sort((a, b) => a.at.localeCompare(b.at));
  let start = ordered.length;
  while (start > 0 && ordered[start - 1]?.pods === running.length) start--;
  const recent = ordered.slice(start);
  const prediction = predictOom(recent, limit, args.now);
  const latest = recent[recent.length - 1];
  if (!prediction || !latest) return null;
  const { kind, name } = args.target;
  const podsText = `${running.length} pod${running.length === 1 ? "" : "s"}`;
  return finding({
    id: "workload.usage.oom-predicted",
    severity: prediction.minutes <= 30 ? "HIGH" : "MEDIUM",
    target: args.target,
    title: `${kind} ${name}: ${prediction.text.split(" (")[0]}`,
    cause:
      `The memory of ${name}'s ${podsText}, summed, is rising steadily toward their summed ${mib(limit)} limit. ` +
      "Usage is sampled per workload, not per container, so this compares totals: one pod may reach its own limit sooner. " +
      "An estimate from a straight-line fit, not a certainty.",
    evidence: [
      {
        source: "metric",
        label: `memory of ${kind}/${name} (${podsText}, summed)`,
        value: mib(latest.memoryBytes),
        at: latest.at,
      },
      { source: "metric", label: "trend", value: prediction.text },
      { source: "field", label: `memory limits of the ${podsText}, summed`, value: mib(limit) },
    ],
    recommendations: [
      "Check for a leak before the pods are OOMKilled; raise the limits if the growth is expected (warm-up, caches).",
    ],
  });
}
