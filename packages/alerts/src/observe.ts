/**
 * What the shared watch caches say is firing, as alert observations (pure: cached objects in, plain data
 * out). The jobs runner observes a cluster after each change, diffs the result against the reducer's
 * state (so a restart re-derives "cleared" from what is stored, not from memory) and feeds the inputs
 * to `stepAll`. Usage comes from one metrics.k8s.io reading per pass, never one per rule.
 */
import { type Finding, parseQuantity } from "@clustercord/contracts";
import { classifyPullError } from "@clustercord/diagnostics";
import type { AlertsConfig } from "./config";
import type { AlertDetails, AlertInput, AlertResource, ConditionType, TopPod } from "./inputs";
import { matchRules } from "./matching";
import type { AlertsState } from "./state";

/** Cached objects as the API server wrote them: every field optional. */
export interface LooseObject {
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
  };
  // biome-ignore lint/suspicious/noExplicitAny: raw API JSON, read field by field below
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: raw API JSON, read field by field below
  status?: any;
}

export interface ObservedObjects {
  pods?: readonly LooseObject[];
  nodes?: readonly LooseObject[];
  jobs?: readonly LooseObject[];
  deployments?: readonly LooseObject[];
  replicaSets?: readonly LooseObject[];
}

/** One firing condition the caches show. */
export interface Observation {
  condition: ConditionType;
  resource: AlertResource;
  details: AlertDetails;
}

/** The condition and resource, without details: equal keys are the same condition. */
export const observationKey = (condition: string, r: Omit<AlertResource, "owner">): string =>
  [condition, r.cluster, r.kind, r.namespace ?? "", r.name].join("\u0000");

const PULL_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName"]);

const controllerOf = (o: LooseObject) => {
  const refs = o.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref?.kind && ref.name ? { kind: ref.kind, name: ref.name } : null;
};

/** Resolves a pod's workload: its ReplicaSet's Deployment, else its direct controller. */
export function ownerResolver(replicaSets: readonly LooseObject[] = []) {
  const rsOwner = new Map<string, { kind: string; name: string } | null>();
  for (const rs of replicaSets)
    rsOwner.set(`${rs.metadata?.namespace ?? ""}/${rs.metadata?.name ?? ""}`, controllerOf(rs));
  return (pod: LooseObject): { kind: string; name: string } | null => {
    const direct = controllerOf(pod);
    if (direct?.kind === "ReplicaSet") {
      const up = rsOwner.get(`${pod.metadata?.namespace ?? ""}/${direct.name}`);
      if (up) return up;
    }
    return direct;
  };
}

interface ContainerStatus {
  name?: string;
  image?: string;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { exitCode?: number; reason?: string; message?: string };
  };
  lastState?: { terminated?: { exitCode?: number; reason?: string; finishedAt?: string } };
}

/** A container running again this soon after a failed run is still taken to be crash-looping. */
export const RECENT_CRASH_MS = 10 * 60_000;

function podObservations(
  cluster: string,
  pod: LooseObject,
  owner: { kind: string; name: string } | null,
  now: number | undefined,
): Observation[] {
  const name = pod.metadata?.name;
  if (!name) return [];
  const resource: AlertResource = {
    cluster,
    kind: "Pod",
    namespace: pod.metadata?.namespace ?? null,
    name,
    owner,
  };
  const status = pod.status ?? {};
  const statuses: ContainerStatus[] = [
    ...(status.initContainerStatuses ?? []),
    ...(status.containerStatuses ?? []),
  ];
  const specImage = (container: string | undefined): string | undefined =>
    [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
      (c: { name?: string }) => c.name === container,
    )?.image;
  const out: Observation[] = [];
  let crashed = false;
  let pulling = false;
  for (const s of statuses) {
    const waiting = s.state?.waiting;
    const terminated = s.state?.terminated;
    if (!pulling && waiting?.reason && PULL_REASONS.has(waiting.reason)) {
      pulling = true;
      out.push({
        condition: "image-pull",
        resource,
        details: {
          ...(s.name ? { container: s.name } : {}),
          reason: waiting.reason,
          image: specImage(s.name) ?? s.image ?? "?",
          error: waiting.message ?? classifyPullError(waiting.reason, "").cause,
        },
      });
      continue;
    }
    // A crash loop, or a run that just ended badly in a pod that restarts (a Job's pod is job-failed).
    const failedRun =
      terminated &&
      (terminated.exitCode ?? 0) !== 0 &&
      status.phase !== "Failed" &&
      status.phase !== "Succeeded";
    // Between two crashes the container runs for a moment: still the same crash loop, not "resolved".
    const previous = s.lastState?.terminated;
    const finished = previous?.finishedAt ? Date.parse(previous.finishedAt) : Number.NaN;
    const rerunning =
      s.state?.running !== undefined &&
      now !== undefined &&
      (previous?.exitCode ?? 0) !== 0 &&
      now - finished < RECENT_CRASH_MS;
    if (!crashed && (waiting?.reason === "CrashLoopBackOff" || failedRun || rerunning)) {
      crashed = true;
      const last = failedRun ? terminated : previous;
      out.push({
        condition: "pod-crash",
        resource,
        details: {
          ...(s.name ? { container: s.name } : {}),
          reason: last?.reason ?? waiting?.reason ?? "Error",
          ...(last?.exitCode !== undefined ? { exitCode: last.exitCode } : {}),
          restartCount: s.restartCount ?? 0,
        },
      });
    }
  }
  return out;
}

const conditionOf = (o: LooseObject, type: string) =>
  (
    (o.status?.conditions ?? []) as { type?: string; status?: string; reason?: string; message?: string }[]
  ).find((c) => c.type === type);

/** Every condition the cached objects show firing, by observation key (`now`: see RECENT_CRASH_MS). */
export function observe(cluster: string, objects: ObservedObjects, now?: number): Map<string, Observation> {
  const found = new Map<string, Observation>();
  const add = (o: Observation) => found.set(observationKey(o.condition, o.resource), o);
  const ownerOf = ownerResolver(objects.replicaSets);
  for (const pod of objects.pods ?? [])
    for (const o of podObservations(cluster, pod, ownerOf(pod), now)) add(o);

  for (const node of objects.nodes ?? []) {
    const name = node.metadata?.name;
    const ready = conditionOf(node, "Ready");
    if (!name || !ready || ready.status === "True") continue;
    add({
      condition: "node-not-ready",
      resource: { cluster, kind: "Node", namespace: null, name, owner: null },
      details: {
        reason: ready.reason ?? (ready.status === "Unknown" ? "NodeStatusUnknown" : "NotReady"),
        ...(ready.message ? { message: ready.message } : {}),
      },
    });
  }

  for (const job of objects.jobs ?? []) {
    const name = job.metadata?.name;
    const failed = conditionOf(job, "Failed");
    if (!name || failed?.status !== "True") continue;
    add({
      condition: "job-failed",
      resource: {
        cluster,
        kind: "Job",
        namespace: job.metadata?.namespace ?? null,
        name,
        owner: controllerOf(job),
      },
      details: {
        reason: failed.reason ?? "Failed",
        ...(failed.message ? { message: failed.message } : {}),
      },
    });
  }

  for (const deployment of objects.deployments ?? []) {
    const name = deployment.metadata?.name;
    const progressing = conditionOf(deployment, "Progressing");
    if (!name || progressing?.status !== "False" || progressing.reason !== "ProgressDeadlineExceeded")
      continue;
    add({
      condition: "rollout-stuck",
      resource: {
        cluster,
        kind: "Deployment",
        namespace: deployment.metadata?.namespace ?? null,
        name,
        owner: null,
      },
      details: {
        reason: progressing.reason,
        ...(progressing.message ? { message: progressing.message } : {}),
      },
    });
  }
  return found;
}

const conditionTypes: ReadonlySet<string> = new Set([
  "pod-crash",
  "image-pull",
  "node-not-ready",
  "job-failed",
  "rollout-stuck",
]);

/**
 * The reducer inputs that bring the stored state in line with what is observed now: "firing" for an
 * observation some matching rule does not hold yet, "cleared" for a stored condition no longer seen.
 * The previous set is read from the state itself, so nothing is lost across a restart.
 */
export function diffObservations(
  state: AlertsState,
  config: Pick<AlertsConfig, "rules">,
  observed: ReadonlyMap<string, Observation>,
): AlertInput[] {
  const inputs: AlertInput[] = [];
  for (const o of observed.values()) {
    const input: AlertInput = {
      type: "condition",
      condition: o.condition,
      state: "firing",
      resource: o.resource,
      details: o.details,
    };
    if (matchRules(config.rules, input).some((m) => !(m.fingerprint in state.conditions))) inputs.push(input);
  }
  const cleared = new Set<string>();
  for (const c of Object.values(state.conditions)) {
    if (!conditionTypes.has(c.ruleType)) continue;
    const key = observationKey(c.ruleType, c.resource);
    if (observed.has(key) || cleared.has(key)) continue;
    cleared.add(key);
    inputs.push({
      type: "condition",
      condition: c.ruleType as ConditionType,
      state: "cleared",
      resource: c.resource,
    });
  }
  return inputs;
}

/** Observations that would fire a rule now and lack details only a log read gives (crashes). */
export function needsLogs(inputs: readonly AlertInput[]): Extract<AlertInput, { type: "condition" }>[] {
  return inputs.filter(
    (i): i is Extract<AlertInput, { type: "condition" }> =>
      i.type === "condition" && i.state === "firing" && i.condition === "pod-crash" && !i.details?.logLines,
  );
}

/** One pod's metrics.k8s.io reading (the shape packages/kube's readClusterMetrics returns). */
export interface PodUsage {
  metadata: { name: string; namespace: string };
  containers: { name: string; usage: { cpu?: string; memory?: string } }[];
}

/**
 * Usage inputs from one metrics reading: each pod with limits, its usage as a percent of the sum of its
 * containers' limits, with the workload's hungriest pods as "top pods". Pods without limits say nothing.
 */
export function usageInputs(
  cluster: string,
  pods: readonly LooseObject[],
  metrics: readonly PodUsage[],
  replicaSets: readonly LooseObject[] = [],
): AlertInput[] {
  const byPod = new Map(metrics.map((m) => [`${m.metadata.namespace}/${m.metadata.name}`, m]));
  const ownerOf = ownerResolver(replicaSets);
  const readings: { metric: "cpu" | "memory"; resource: AlertResource; percent: number }[] = [];
  for (const pod of pods) {
    const name = pod.metadata?.name;
    const namespace = pod.metadata?.namespace;
    const m = name && namespace ? byPod.get(`${namespace}/${name}`) : undefined;
    if (!m || !name || !namespace) continue;
    const resource: AlertResource = { cluster, kind: "Pod", namespace, name, owner: ownerOf(pod) };
    for (const metric of ["cpu", "memory"] as const) {
      let limit = 0;
      let used = 0;
      let limited = true;
      for (const c of (pod.spec?.containers ?? []) as {
        name?: string;
        resources?: { limits?: Record<string, string> };
      }[]) {
        const l = c.resources?.limits?.[metric];
        const value = l === undefined ? null : parseQuantity(l);
        if (value === null || value <= 0) limited = false;
        else limit += value;
        const u = m.containers.find((x) => x.name === c.name)?.usage[metric];
        used += u === undefined ? 0 : (parseQuantity(u) ?? 0);
      }
      if (limited && limit > 0) readings.push({ metric, resource, percent: (used / limit) * 100 });
    }
  }
  // Top pods per workload and metric (or per pod when it has no owner).
  const topKey = (r: (typeof readings)[number]) =>
    [
      r.metric,
      r.resource.namespace,
      r.resource.owner ? `${r.resource.owner.kind}/${r.resource.owner.name}` : r.resource.name,
    ].join("|");
  const tops = new Map<string, TopPod[]>();
  for (const r of readings) {
    const list = tops.get(topKey(r)) ?? [];
    list.push({ namespace: r.resource.namespace ?? "", name: r.resource.name, percent: r.percent });
    tops.set(topKey(r), list);
  }
  for (const list of tops.values()) list.sort((a, b) => b.percent - a.percent).splice(5);
  return readings.map((r) => ({
    type: "usage",
    metric: r.metric,
    resource: r.resource,
    percent: Math.round(r.percent * 10) / 10,
    topPods: tops.get(topKey(r)) ?? [],
  }));
}

/**
 * Finding inputs from a diagnostics pass, diffed against the stored state like the conditions: "firing"
 * for a finding some finding rule does not hold yet, "cleared" for a stored one the pass no longer finds.
 */
export function diffFindings(
  cluster: string,
  state: AlertsState,
  config: Pick<AlertsConfig, "rules">,
  findings: readonly Finding[],
  ownerOf: (f: Finding) => { kind: string; name: string } | null = () => null,
): AlertInput[] {
  const inputs: AlertInput[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    seen.add(observationKey(finding.id, { cluster, ...finding.target }));
    const input: AlertInput = { type: "finding", state: "firing", cluster, finding, owner: ownerOf(finding) };
    if (matchRules(config.rules, input).some((m) => m.firing && !(m.fingerprint in state.conditions)))
      inputs.push(input);
  }
  const cleared = new Set<string>();
  for (const c of Object.values(state.conditions)) {
    if (c.ruleType !== "finding" || !c.finding || c.resource.cluster !== cluster) continue;
    const key = observationKey(c.finding.id, c.resource);
    if (seen.has(key) || cleared.has(key)) continue;
    cleared.add(key);
    const { owner, cluster: _cluster, ...target } = c.resource;
    inputs.push({
      type: "finding",
      state: "cleared",
      cluster,
      owner: owner ?? null,
      // Only the id, target and severity identify it to the reducer.
      finding: {
        id: c.finding.id,
        severity: c.severity,
        target,
        title: c.finding.title,
        cause: "",
        evidence: [],
        recommendations: [],
        fingerprint: "0".repeat(16),
      },
    });
  }
  return inputs;
}
