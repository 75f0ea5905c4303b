/**
 * Usage against limits (and against the node when there are none), with the
 * OOM trend.
 */
import type { ObjectRef } from "@clustercord/contracts";
import { parseQuantity } from "@clustercord/contracts";
import { containerKey, type DiagnosticsContext } from "../context";
import { field, mib, millicores } from "../evidence";
import type { FindingDraft } from "../finding";
import type { Pod } from "../kube";
import { predictOom } from "../prediction";
import { cpuLimit, memoryLimit } from "./pod-parts";

export function usage(ctx: DiagnosticsContext, pod: Pod, target: ObjectRef): FindingDraft[] {
  const ns = pod.metadata?.namespace ?? "";
  const podName = pod.metadata?.name ?? "";
  const node = pod.spec?.nodeName ? ctx.nodes.get(pod.spec.nodeName) : undefined;
  const nodeCpu = parseQuantity(node?.status?.allocatable?.cpu ?? "") ?? null;
  const nodeMemory = parseQuantity(node?.status?.allocatable?.memory ?? "") ?? null;
  const out: FindingDraft[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const name = c.name ?? "?";
    const samples = ctx.metricsByContainer.get(containerKey(ns, podName, name));
    const latest = samples?.[samples.length - 1];
    if (!samples || !latest) continue;
    const memLimit = memoryLimit(c);
    const cpuLim = cpuLimit(c);
    const memEvidence = {
      source: "metric" as const,
      label: `memory working set of ${name}`,
      value: mib(latest.memoryBytes),
      at: latest.at,
    };
    const cpuEvidence = {
      source: "metric" as const,
      label: `CPU usage of ${name}`,
      value: `${latest.cpuMillicores}m`,
      at: latest.at,
    };

    const prediction = memLimit && ctx.now ? predictOom(samples, memLimit, ctx.now) : null;
    if (memLimit && latest.memoryBytes >= 0.9 * memLimit) {
      out.push({
        id: "pod.usage.memory-near-limit",
        severity: "HIGH",
        target,
        container: name,
        title: `Container ${name} uses ${Math.round((latest.memoryBytes / memLimit) * 100)}% of its memory limit`,
        cause: `At the ${mib(memLimit)} limit the kernel kills the container (OOMKilled).`,
        evidence: [
          memEvidence,
          field(`containers[${name}].resources.limits.memory`, c.resources?.limits?.memory),
          ...(prediction ? [{ source: "metric" as const, label: "trend", value: prediction.text }] : []),
        ],
        recommendations: [
          "Raise the memory limit, or find what holds memory (caches without bounds, leaks).",
        ],
      });
    } else if (prediction) {
      out.push({
        id: "pod.usage.oom-predicted",
        severity: prediction.minutes <= 30 ? "HIGH" : "MEDIUM",
        target,
        container: name,
        title: `Container ${name}: ${prediction.text.split(" (")[0]}`,
        cause: `Memory use of ${name} is rising steadily; at this rate it reaches the ${mib(memLimit ?? 0)} limit and is OOMKilled. This is an estimate from a straight-line fit.`,
        evidence: [memEvidence, { source: "metric", label: "trend", value: prediction.text }],
        recommendations: [
          "Check for a leak before it restarts; raise the limit if the growth is expected (warm-up, caches).",
        ],
      });
    }
    if (cpuLim && latest.cpuMillicores >= 0.9 * cpuLim * 1000) {
      out.push({
        id: "pod.usage.cpu-at-limit",
        severity: "MEDIUM",
        target,
        container: name,
        title: `Container ${name} runs at ${Math.round((latest.cpuMillicores / (cpuLim * 1000)) * 100)}% of its CPU limit`,
        cause: "At the CPU limit the container is throttled: requests slow down, probes may time out.",
        evidence: [
          cpuEvidence,
          field(
            `containers[${name}].resources.limits.cpu`,
            `${c.resources?.limits?.cpu} (${millicores(cpuLim)})`,
          ),
        ],
        recommendations: ["Raise the CPU limit (or remove it and keep the request), or scale out."],
      });
    }
    // Without limits, compare with the node: one pod taking most of a node starves its neighbours.
    const heavyMem = !memLimit && nodeMemory && latest.memoryBytes >= 0.5 * nodeMemory;
    const heavyCpu = !cpuLim && nodeCpu && latest.cpuMillicores >= 0.5 * nodeCpu * 1000;
    if (heavyMem || heavyCpu) {
      out.push({
        id: "pod.usage.high-vs-node",
        severity: "MEDIUM",
        target,
        container: name,
        title: `Container ${name} uses over half of node ${pod.spec?.nodeName}'s ${heavyMem ? "memory" : "CPU"} with no limit`,
        cause:
          "A container without limits can take the node's resources from its neighbours and get them evicted.",
        evidence: [
          heavyMem ? memEvidence : cpuEvidence,
          field(
            `node ${pod.spec?.nodeName} allocatable`,
            heavyMem ? mib(nodeMemory ?? 0) : millicores(nodeCpu ?? 0),
            { kind: "Node", namespace: null, name: pod.spec?.nodeName ?? "?" },
          ),
        ],
        recommendations: ["Set requests and limits from the observed usage."],
      });
    }
  }
  return out;
}
