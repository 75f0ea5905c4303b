/**
 * Containers that exit: crash loops by exit code, OOMKilled, failed runs; and
 * the waiting reasons that route to other analyzers.
 */
import type { Evidence, ObjectRef } from "@clustercord/contracts";
import { containerKey, type DiagnosticsContext } from "../context";
import { field, mib } from "../evidence";
import { exitMeaning } from "../exit-codes";
import type { FindingDraft } from "../finding";
import { raiseMemoryLimitFix } from "../fixes";
import type { KubeEvent, Pod } from "../kube";
import type { TemplateOwner } from "../owners";
import { configError } from "./config-refs";
import { imagePull } from "./image-pull";
import { type ContainerStatus, lastLogLines, memoryLimit, specContainer } from "./pod-parts";

export function containerFindings(
  ctx: DiagnosticsContext,
  pod: Pod,
  target: ObjectRef,
  s: ContainerStatus,
  events: readonly KubeEvent[],
  ownerOf: () => TemplateOwner,
): FindingDraft[] {
  const name = s.name ?? "?";
  const waiting = s.state?.waiting;
  const last = s.state?.terminated ?? s.lastState?.terminated;
  if (last?.reason === "OOMKilled") return [oomKilled(ctx, pod, target, s, ownerOf)];
  if (waiting?.reason === "CrashLoopBackOff") return [crashLoop(ctx, pod, target, s)];
  // restartPolicy Never (Job pods): a failed run stays terminated instead of looping.
  if (s.state?.terminated && s.state.terminated.exitCode !== 0) return [crashLoop(ctx, pod, target, s)];
  if (waiting?.reason && /ImagePull|ErrImage|InvalidImageName/.test(waiting.reason))
    return [imagePull(pod, target, s, events)];
  if (waiting?.reason === "CreateContainerConfigError") return [configError(ctx, pod, target, s)];
  if (waiting?.reason === "CreateContainerError" || waiting?.reason === "RunContainerError")
    return [
      {
        id: "pod.container.create-error",
        severity: "HIGH",
        target,
        container: name,
        title: `Container ${name} cannot be started (${waiting.reason})`,
        cause: waiting.message ?? waiting.reason,
        evidence: [field(`containers[${name}].state.waiting`, `${waiting.reason}: ${waiting.message ?? ""}`)],
        recommendations: [
          "Read the message: a wrong command, a volume mount that fails, or a runtime error.",
          "Check `command`, `volumeMounts` and the securityContext against the image.",
        ],
      },
    ];
  return [];
}

function terminatedEvidence(s: ContainerStatus): Evidence[] {
  // The current state when it is a termination (restartPolicy Never), else the run before the current wait.
  const t = s.state?.terminated ?? s.lastState?.terminated;
  const where = s.state?.terminated ? "state" : "lastState";
  const name = s.name ?? "?";
  const out = [
    ...(s.state?.waiting
      ? [field(`containers[${name}].state.waiting.reason`, s.state.waiting.reason ?? "?")]
      : []),
    field(`containers[${name}].restartCount`, s.restartCount ?? 0),
  ];
  if (t) {
    out.push(field(`containers[${name}].${where}.terminated.exitCode`, t.exitCode ?? "?"));
    if (t.reason) out.push(field(`containers[${name}].${where}.terminated.reason`, t.reason));
    if (t.message) out.push(field(`containers[${name}].${where}.terminated.message`, t.message));
  }
  return out;
}

function oomKilled(
  ctx: DiagnosticsContext,
  pod: Pod,
  target: ObjectRef,
  s: ContainerStatus,
  ownerOf: () => TemplateOwner,
): FindingDraft {
  const name = s.name ?? "?";
  const spec = specContainer(pod, name);
  const limit = memoryLimit(spec);
  const samples =
    ctx.metricsByContainer.get(containerKey(pod.metadata?.namespace ?? "", pod.metadata?.name ?? "", name)) ??
    [];
  const peak = samples.length > 0 ? Math.max(...samples.map((x) => x.memoryBytes)) : null;
  const evidence = [
    ...terminatedEvidence(s),
    field(
      `containers[${name}].resources.limits.memory`,
      limit === null ? "(none)" : `${spec?.resources?.limits?.memory} (${mib(limit)})`,
    ),
  ];
  if (peak !== null)
    evidence.push({
      source: "metric",
      label: "memory working set, peak of recent samples",
      value: mib(peak),
      at: samples[samples.length - 1]?.at,
    });
  evidence.push(...lastLogLines(ctx, pod, name));
  const looping = s.state?.waiting?.reason === "CrashLoopBackOff";
  return {
    id: "pod.crash-loop.oom-killed",
    // An OOM kill in the past of a container that is ready again matters less than one that keeps it down.
    severity: looping ? "CRITICAL" : s.ready ? "MEDIUM" : "HIGH",
    target,
    container: name,
    title: `Container ${name} was OOMKilled${looping ? " and is crash-looping" : ""}`,
    cause:
      limit === null
        ? `The kernel killed container ${name} (exit code 137) for using too much memory; it has no memory limit, so the node itself ran short.`
        : `The kernel killed container ${name} (exit code 137) when its memory use reached the ${mib(limit)} limit${peak !== null ? ` (recent peak ${mib(peak)})` : ""}.`,
    evidence,
    recommendations: [
      "Raise the memory limit to what the program needs at peak (the fix below: 1.5× the larger of the limit and the observed peak).",
      "If usage grows without bound, look for a leak: compare memory over time after restarts.",
      "For runtimes with their own heap settings (JVM -Xmx, Node --max-old-space-size), keep them below the limit.",
    ],
    fix: raiseMemoryLimitFix(ownerOf(), name, limit, peak),
  };
}

function crashLoop(ctx: DiagnosticsContext, pod: Pod, target: ObjectRef, s: ContainerStatus): FindingDraft {
  const name = s.name ?? "?";
  const looping = s.state?.waiting?.reason === "CrashLoopBackOff";
  const t = s.state?.terminated ?? s.lastState?.terminated;
  const meaning = exitMeaning(t?.exitCode, t?.signal);
  const code = t?.exitCode === undefined ? "exit code unknown" : `exit code ${t.exitCode}`;
  return {
    id: `pod.${looping ? "crash-loop" : "failed"}.${meaning.slug}`,
    severity: "HIGH",
    target,
    container: name,
    title: looping ? `Container ${name} is crash-looping (${code})` : `Container ${name} failed (${code})`,
    cause: looping
      ? `Container ${name} keeps exiting and Kubernetes backs off restarting it; ${meaning.meaning}.`
      : `Container ${name} exited and is not restarted (restartPolicy ${pod.spec?.restartPolicy ?? "Never"}); ${meaning.meaning}.`,
    evidence: [...terminatedEvidence(s), ...lastLogLines(ctx, pod, name)],
    recommendations: meaning.recommendations,
  };
}
