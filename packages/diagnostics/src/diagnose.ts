import {
  DiagnosableWorkloadKind,
  type Finding,
  type ObjectRef,
  type DiagnoseTarget as TargetShape,
} from "@clustercord/contracts";
import { selectorMatches } from "@clustercord/policy";
import { servicesOf } from "./analyzers/network-policy";
import { analyzeNode } from "./analyzers/nodes";
import { analyzePod } from "./analyzers/pod";
import { missingProbes } from "./analyzers/probes";
import { analyzeQuota } from "./analyzers/quota";
import { analyzeHpa, analyzePdb } from "./analyzers/scaling";
import { analyzeIngress, analyzeService } from "./analyzers/services";
import { analyzePvc } from "./analyzers/storage";
import { claimNames } from "./analyzers/volumes";
import { analyzeWebhooks } from "./analyzers/webhooks";
import {
  analyzeCronJob,
  analyzeDaemonSet,
  analyzeDeployment,
  analyzeJob,
  analyzeReplicaSet,
  analyzeStatefulSet,
} from "./analyzers/workloads";
import type { DiagnosticsContext } from "./context";
import { type FindingDraft, finding, refOf, sortFindings } from "./finding";
import { groupByCause, type PodDraft } from "./group";
import type { AnyObject, Pod } from "./kube";
import { containersOf, topOwner } from "./owners";

/** The workload kinds a diagnosis aggregates over their pods (the procedures' enum). */
export const diagnosableWorkloads = DiagnosableWorkloadKind.options;
export type DiagnosableWorkload = (typeof diagnosableWorkloads)[number];

/** The procedures' targets (pod, workload, node, namespace), plus the whole cluster: the Health page's pass. */
export type DiagnoseTarget = TargetShape | { kind: "Cluster" };

export class TargetNotFoundError extends Error {
  constructor(readonly target: DiagnoseTarget) {
    const where = "namespace" in target ? `${target.namespace}/` : "";
    super(`${target.kind} ${where}${"name" in target ? target.name : ""} is not in the caches`);
  }
}

const listOf: Record<DiagnosableWorkload, keyof DiagnosticsContext> = {
  Deployment: "deployments",
  StatefulSet: "statefulSets",
  DaemonSet: "daemonSets",
  ReplicaSet: "replicaSets",
  Job: "jobs",
  CronJob: "cronJobs",
};

function inNamespace(
  ctx: DiagnosticsContext,
  field: keyof DiagnosticsContext,
  namespace: string,
): AnyObject[] {
  return (ctx[field] as Map<string, AnyObject[]>).get(namespace) ?? [];
}

const workloadAnalyzers: Record<DiagnosableWorkload, (ctx: DiagnosticsContext, o: never) => FindingDraft[]> =
  {
    Deployment: analyzeDeployment,
    StatefulSet: analyzeStatefulSet,
    DaemonSet: analyzeDaemonSet,
    ReplicaSet: analyzeReplicaSet,
    Job: analyzeJob,
    CronJob: analyzeCronJob,
  };

/** Probes only matter for long-running workloads. */
const probedKinds = new Set<string>(["Deployment", "StatefulSet", "DaemonSet"]);

function probeFindings(kind: string, o: AnyObject): FindingDraft[] {
  if (!probedKinds.has(kind)) return [];
  const where = containersOf(kind, o);
  return where
    ? missingProbes({
        ref: refOf(kind, o),
        object: o,
        containersPath: where.path,
        containers: where.containers,
      })
    : [];
}

/** Objects the workload controls, by uid (else by owner name: recorded objects may lack uids). */
function childrenOf(
  ctx: DiagnosticsContext,
  kind: string,
  o: AnyObject,
  childField: keyof DiagnosticsContext,
): AnyObject[] {
  const uid = o.metadata?.uid;
  if (uid) return ctx.childrenByOwner.get(uid) ?? [];
  return inNamespace(ctx, childField, o.metadata?.namespace ?? "").filter((c) =>
    c.metadata?.ownerReferences?.some((r) => r.kind === kind && r.name === o.metadata?.name),
  );
}

/** The pods under a workload, through ReplicaSets (Deployment) or Jobs (CronJob). */
function podsOf(
  ctx: DiagnosticsContext,
  kind: DiagnosableWorkload,
  o: AnyObject,
): { pods: Pod[]; middle: AnyObject[] } {
  if (kind === "Deployment" || kind === "CronJob") {
    const middleKind = kind === "Deployment" ? "ReplicaSet" : "Job";
    const middle = childrenOf(ctx, kind, o, kind === "Deployment" ? "replicaSets" : "jobs");
    return { middle, pods: middle.flatMap((m) => childrenOf(ctx, middleKind, m, "pods") as Pod[]) };
  }
  return { middle: [], pods: childrenOf(ctx, kind, o, "pods") as Pod[] };
}

function podDrafts(ctx: DiagnosticsContext, pods: readonly Pod[]): PodDraft[] {
  return pods.flatMap((pod) =>
    analyzePod(ctx, pod).map((draft) => ({ pod: pod.metadata?.name ?? "?", draft })),
  );
}

export function diagnosePod(ctx: DiagnosticsContext, ref: { namespace: string; name: string }): Finding[] {
  const pod = (ctx.pods.get(ref.namespace) ?? []).find((p) => p.metadata?.name === ref.name);
  if (!pod) throw new TargetNotFoundError({ kind: "Pod", ...ref });
  const claims = new Set(claimNames(pod));
  const drafts = [
    ...analyzePod(ctx, pod),
    ...(ctx.pvcs.get(ref.namespace) ?? [])
      .filter((c) => claims.has(c.metadata?.name ?? ""))
      .flatMap((c) => analyzePvc(ctx, c)),
  ];
  const owner = topOwner(ctx, pod);
  if (owner.kind !== "Pod") drafts.push(...probeFindings(owner.kind, owner.object));
  return sortFindings(drafts.map(finding));
}

export function diagnoseWorkload(
  ctx: DiagnosticsContext,
  kind: DiagnosableWorkload,
  ref: { namespace: string; name: string },
): Finding[] {
  const o = inNamespace(ctx, listOf[kind], ref.namespace).find((x) => x.metadata?.name === ref.name);
  if (!o) throw new TargetNotFoundError({ kind, ...ref });
  const target = refOf(kind, o);
  const { pods, middle } = podsOf(ctx, kind, o);
  const drafts: FindingDraft[] = [
    ...workloadAnalyzers[kind](ctx, o as never),
    ...middle.flatMap((m) =>
      kind === "Deployment" ? analyzeReplicaSet(ctx, m as never) : analyzeJob(ctx, m as never),
    ),
    ...probeFindings(kind, o),
    ...groupByCause(target, podDrafts(ctx, pods), pods.length),
  ];
  // What points at the workload or its pods: HPAs, PDBs, Services, claims.
  const ns = ref.namespace;
  drafts.push(
    ...(ctx.hpas.get(ns) ?? [])
      .filter((h) => h.spec?.scaleTargetRef?.kind === kind && h.spec.scaleTargetRef.name === ref.name)
      .flatMap((h) => analyzeHpa(ctx, h)),
  );
  const labels = templateLabels(kind, o);
  if (labels) {
    drafts.push(
      ...(ctx.pdbs.get(ns) ?? [])
        .filter((p) => selectorMatches(p.spec?.selector, labels))
        .flatMap((p) => analyzePdb(ctx, p)),
    );
    const fake: Pod = { metadata: { namespace: ns, labels } };
    drafts.push(...servicesOf(ctx, fake).flatMap((s) => analyzeService(ctx, s)));
  }
  const claims = new Set(pods.flatMap(claimNames));
  drafts.push(
    ...(ctx.pvcs.get(ns) ?? [])
      .filter((c) => claims.has(c.metadata?.name ?? ""))
      .flatMap((c) => analyzePvc(ctx, c)),
  );
  return sortFindings(drafts.map(finding));
}

export const diagnoseDeployment = (ctx: DiagnosticsContext, ref: { namespace: string; name: string }) =>
  diagnoseWorkload(ctx, "Deployment", ref);

function templateLabels(kind: string, o: AnyObject): Record<string, string> | undefined {
  const spec = (
    o as {
      spec?: {
        template?: { metadata?: { labels?: Record<string, string> } };
        jobTemplate?: { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } };
      };
    }
  ).spec;
  return kind === "CronJob"
    ? spec?.jobTemplate?.spec?.template?.metadata?.labels
    : spec?.template?.metadata?.labels;
}

export function diagnoseNode(ctx: DiagnosticsContext, ref: { name: string }): Finding[] {
  const node = ctx.nodes.get(ref.name);
  if (!node) throw new TargetNotFoundError({ kind: "Node", ...ref });
  const target: ObjectRef = refOf("Node", node);
  // Pods the node evicted or cannot run belong to the node's story too, grouped by cause.
  const pods = ctx.podsByNode.get(ref.name) ?? [];
  const evicted = podDrafts(ctx, pods).filter((p) => p.draft.id === "pod.evicted");
  return sortFindings(
    [...analyzeNode(ctx, node), ...groupByCause(target, evicted, pods.length)].map(finding),
  );
}

/** Everything in one namespace; pods grouped under their top owner (Deployment, StatefulSet, CronJob…). */
export function diagnoseNamespace(ctx: DiagnosticsContext, ref: { name: string }): Finding[] {
  return sortFindings(namespaceDrafts(ctx, ref.name).map(finding));
}

function namespaceDrafts(ctx: DiagnosticsContext, ns: string): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const byOwner = new Map<string, { ref: ObjectRef; drafts: PodDraft[]; pods: number }>();
  for (const pod of ctx.pods.get(ns) ?? []) {
    const owner = topOwner(ctx, pod);
    const podFindings = analyzePod(ctx, pod);
    if (owner.kind === "Pod") {
      drafts.push(...podFindings);
      continue;
    }
    const ref = refOf(owner.kind, owner.object);
    const key = `${ref.kind}/${ref.name}`;
    const group = byOwner.get(key) ?? { ref, drafts: [], pods: 0 };
    group.pods++;
    for (const draft of podFindings) group.drafts.push({ pod: pod.metadata?.name ?? "?", draft });
    byOwner.set(key, group);
  }
  for (const g of byOwner.values()) drafts.push(...groupByCause(g.ref, g.drafts, g.pods));
  for (const kind of diagnosableWorkloads) {
    for (const o of inNamespace(ctx, listOf[kind], ns)) {
      drafts.push(...workloadAnalyzers[kind](ctx, o as never), ...probeFindings(kind, o));
    }
  }
  for (const s of ctx.services.get(ns) ?? []) drafts.push(...analyzeService(ctx, s));
  for (const i of ctx.ingresses.get(ns) ?? []) drafts.push(...analyzeIngress(ctx, i));
  for (const h of ctx.hpas.get(ns) ?? []) drafts.push(...analyzeHpa(ctx, h));
  for (const p of ctx.pdbs.get(ns) ?? []) drafts.push(...analyzePdb(ctx, p));
  for (const c of ctx.pvcs.get(ns) ?? []) drafts.push(...analyzePvc(ctx, c));
  for (const q of ctx.quotas.get(ns) ?? []) drafts.push(...analyzeQuota(ctx, q));
  return drafts;
}

/** Every namespace, every node and the cluster-scoped webhooks: the Health page's pass. */
export function diagnoseCluster(ctx: DiagnosticsContext): Finding[] {
  const drafts: FindingDraft[] = [];
  for (const ns of ctx.namespaces) drafts.push(...namespaceDrafts(ctx, ns));
  for (const node of ctx.nodes.values()) drafts.push(...analyzeNode(ctx, node));
  for (const w of ctx.input.validatingWebhooks ?? [])
    drafts.push(...analyzeWebhooks(ctx, "ValidatingWebhookConfiguration", w));
  for (const w of ctx.input.mutatingWebhooks ?? [])
    drafts.push(...analyzeWebhooks(ctx, "MutatingWebhookConfiguration", w));
  return sortFindings(drafts.map(finding));
}

/** One entry point for every target kind. */
export function diagnose(ctx: DiagnosticsContext, target: DiagnoseTarget): Finding[] {
  switch (target.kind) {
    case "Pod":
      return diagnosePod(ctx, target);
    case "Node":
      return diagnoseNode(ctx, target);
    case "Namespace":
      return diagnoseNamespace(ctx, target);
    case "Cluster":
      return diagnoseCluster(ctx);
    default:
      return diagnoseWorkload(ctx, target.kind, target);
  }
}
