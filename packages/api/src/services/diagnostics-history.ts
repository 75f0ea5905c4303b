/**
 * Findings history (issue 16): every diagnostics pass folds what it saw into
 * the stored rows (one batched write), and a diagnosis says "seen 4 times
 * since Mon 24 Nov; last resolved by rollback to revision 7". What resolved a
 * finding is the guild's own audited mutation on the same namespace during
 * its last episode (up to the pass that no longer saw it). Also the
 * OOM prediction from the cost sampler's per-workload memory samples.
 */
import {
  AppError,
  type DiagnoseTarget,
  type DiagnosticsHistoryInput,
  type DiagnosticsHistoryOutput,
  type Finding,
  type FindingHistorySummary,
  type FindingResolvedBy,
  type ObjectRef,
} from "@clustercord/contracts";
import { type OwnerRef, ownerWorkload } from "@clustercord/cost";
import {
  type DiagnosticFindingRow,
  findPlanFacts,
  listClusterAuditBetween,
  listFindingHistory,
  listWorkloadMemory,
  loadPassHistory,
  saveFindingHistory,
} from "@clustercord/db";
import {
  type DiagnosticsInput,
  historyLine,
  nextHistory,
  type PassScope,
  type Pod,
  passCovers,
  workloadOomFinding,
} from "@clustercord/diagnostics";
import { RESOURCE_TYPES } from "@clustercord/kube";
import { defaultLogger } from "@clustercord/telemetry";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { openClusterFor } from "./cluster-access";
import { type Actor, mayList, type OpenedCluster, visibleNamespaces } from "./read-access";

/** The ObjectRef a procedure target names (what its findings' history is keyed by). */
export const targetRef = (t: DiagnoseTarget): ObjectRef =>
  t.kind === "Node" || t.kind === "Namespace"
    ? { kind: t.kind, namespace: null, name: t.name }
    : { kind: t.kind, namespace: t.namespace, name: t.name };

/**
 * Records a pass and returns the seen findings' history by fingerprint
 * (`describe`: with the history lines, for diagnostics.run). A history that
 * cannot be read or written never fails the diagnosis: it is logged, and the
 * answer comes without history.
 */
export async function recordPass(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
  pass: { scope: PassScope; read: readonly string[]; findings: readonly Finding[]; at: Date },
  describe: boolean,
): Promise<Record<string, FindingHistorySummary> | undefined> {
  try {
    const fingerprints = [...new Set(pass.findings.map((f) => f.fingerprint))];
    const previous = await loadPassHistory(deps.prisma, clusterId, fingerprints, pass.scope);
    const changed = nextHistory(previous, pass.findings, pass.at, (t) =>
      passCovers(pass.scope, pass.read, t),
    );
    // Awaited: the next pass (often a second later, after a fix) must read this one's episodes.
    await saveFindingHistory(deps.prisma, clusterId, changed);
    if (!describe) return undefined;
    const seen = new Set(fingerprints);
    const rows = changed.filter((r) => seen.has(r.fingerprint));
    const resolvedBy = await resolutions(deps, actor.guildId, clusterId, rows);
    return Object.fromEntries(
      rows.map((r) => [r.fingerprint, summary(r, resolvedBy.get(r.fingerprint) ?? null)]),
    );
  } catch (error) {
    (deps.log ?? defaultLogger()).error(
      { err: error, clusterId },
      "diagnostics history: recording the pass failed",
    );
    return undefined;
  }
}

function summary(r: DiagnosticFindingRow, by: FindingResolvedBy | null): FindingHistorySummary {
  return {
    firstSeen: r.firstSeen.toISOString(),
    lastSeen: r.lastSeen.toISOString(),
    occurrences: r.occurrences,
    open: r.openSince !== null,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    lastResolvedBy: by,
    line: historyLine(r, by).slice(0, 400),
  };
}

/** Areas whose mutations never change a workload (settings, alerts, money), and plan or check steps that only propose. */
const NOT_A_FIX = /^(alerts|cost|notifications|guilds|roles|tenants|namespaces|clusters)\./;
const changesWorkloads = (action: string): boolean => {
  const verb = action.split(".").at(-1) ?? "";
  return !NOT_A_FIX.test(action) && !/^(plan|validate|audit|cancel)/i.test(verb);
};

/** `cluster/<id>/namespace/<ns>/…` or `cluster/<id>/plan/<planId>`: what an audit target says about where. */
function parseAuditTarget(target: string): { namespace?: string; planId?: string; pod?: string } {
  const parts = target.split("/");
  if (parts[2] === "namespace") {
    const pod = parts[4] === "pod" ? parts[5] : undefined;
    return { namespace: parts[3] ?? "", ...(pod ? { pod } : {}) };
  }
  if (parts[2] === "plan" && parts[3]) return { planId: parts[3] };
  return {};
}

/**
 * What ended each resolved row's last episode: the guild's latest successful
 * mutation on the cluster in (episode start, resolution], preferring one
 * that names the finding's namespace (a pod delete, a Helm rollback) over an
 * apply plan (whose objects are not kept after it ran); the latest wins.
 */
async function resolutions(
  deps: ApiDeps,
  guildId: string,
  clusterId: string,
  rows: readonly DiagnosticFindingRow[],
): Promise<Map<string, FindingResolvedBy>> {
  const out = new Map<string, FindingResolvedBy>();
  const resolved = rows.filter((r) => r.resolvedAt && r.resolvedAfter);
  if (!resolved.length) return out;
  const from = new Date(Math.min(...resolved.map((r) => r.resolvedAfter?.getTime() ?? 0)));
  const to = new Date(Math.max(...resolved.map((r) => r.resolvedAt?.getTime() ?? 0)));
  const audit = (await listClusterAuditBetween(deps.prisma, { guildId, clusterId, from, to })).filter((a) =>
    changesWorkloads(a.action),
  );
  if (!audit.length) return out;
  const parsed = audit.map((a) => ({ a, where: parseAuditTarget(a.target) }));
  const plans = await findPlanFacts(
    deps.prisma,
    parsed.flatMap((p) => (p.where.planId ? [p.where.planId] : [])),
  );
  const helm = new Map(plans.helm.map((h) => [h.id, h]));
  const apply = new Map(plans.apply.map((p) => [p.id, p]));
  const described = parsed.flatMap(({ a, where }) => {
    const h = where.planId ? helm.get(where.planId) : undefined;
    const p = where.planId ? apply.get(where.planId) : undefined;
    let namespace: string | null;
    let text: string;
    if (h) {
      namespace = h.namespace;
      text =
        h.kind === "rollback"
          ? `rollback to revision ${h.targetRevision ?? "?"} of ${h.release}`
          : `helm ${h.kind} of ${h.release}`;
    } else if (p) {
      namespace = null;
      text = `${a.action} (${p.summary})`;
    } else if (where.namespace !== undefined) {
      namespace = where.namespace;
      text = where.pod ? `${a.action} of pod ${where.pod}` : a.action;
    } else return [];
    const by: FindingResolvedBy = {
      action: a.action,
      text: text.slice(0, 300),
      actorId: a.actorId,
      actorName: a.actorName,
      via: a.via,
      at: a.at.toISOString(),
    };
    return [{ at: a.at, namespace, by }];
  });
  for (const r of resolved) {
    const after = r.resolvedAfter?.getTime() ?? 0;
    const until = r.resolvedAt?.getTime() ?? 0;
    let best: { score: number; at: number; by: FindingResolvedBy } | null = null;
    for (const d of described) {
      const at = d.at.getTime();
      if (at <= after || at > until) continue;
      const score = d.namespace === null ? 1 : d.namespace === (r.target.namespace ?? "") ? 2 : 0;
      if (score && (!best || score > best.score || (score === best.score && at >= best.at)))
        best = { score, at, by: d.by };
    }
    if (best) out.set(r.fingerprint, best.by);
  }
  return out;
}

/** diagnostics.run's rules for a namespace: visible to the person and its pods listable. Nodes: listable cluster-wide. */
async function mayReadHistoryOf(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  namespace: string | null,
): Promise<boolean> {
  if (namespace === null)
    return mayList(deps, actor, cluster, RESOURCE_TYPES.nodes, undefined).catch(() => false);
  if (!(await visibleNamespaces(deps, actor, cluster)).includes(namespace)) return false;
  return mayList(deps, actor, cluster, RESOURCE_TYPES.pods, namespace).catch(() => false);
}

/**
 * diagnostics.history: the stored history of a target's findings (a
 * namespace: all in it), or of one fingerprint. A fingerprint of a
 * namespace the person may not read answers as one never seen.
 */
export async function findingHistory(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof DiagnosticsHistoryInput>,
): Promise<DiagnosticsHistoryOutput> {
  const cluster = await openClusterFor(deps, actor.guildId, input.clusterId);
  let rows: DiagnosticFindingRow[];
  if (input.target) {
    const ref = targetRef(input.target);
    const namespace = input.target.kind === "Namespace" ? input.target.name : ref.namespace;
    if (!(await mayReadHistoryOf(deps, actor, cluster, namespace)))
      throw new AppError("FORBIDDEN", {
        userMessage:
          namespace === null
            ? "You may not list nodes on this cluster."
            : "You may not diagnose in that namespace on this cluster.",
      });
    rows = await listFindingHistory(deps.prisma, cluster.id, { target: ref });
  } else {
    const found = await listFindingHistory(deps.prisma, cluster.id, { fingerprint: input.fingerprint ?? "" });
    const allowed = await Promise.all(
      found.map((r) => mayReadHistoryOf(deps, actor, cluster, r.target.namespace)),
    );
    rows = found.filter((_, i) => allowed[i]);
  }
  const by = await resolutions(deps, actor.guildId, cluster.id, rows);
  return {
    entries: rows.map((r) => ({
      fingerprint: r.fingerprint,
      findingId: r.findingId,
      severity: r.severity as Finding["severity"],
      title: r.title,
      target: r.target,
      ...summary(r, by.get(r.fingerprint) ?? null),
    })),
  };
}

/** How far back the prediction looks: the sampler's recent passes (predictOom keeps the last 30). */
const PREDICTION_WINDOW_MS = 60 * 60_000;
const GIB = 2 ** 30;

type Owned = { metadata?: { namespace?: string; name?: string; ownerReferences?: OwnerRef[] } };

function ownerIndex(objects: readonly Owned[]): Map<string, OwnerRef | null> {
  const index = new Map<string, OwnerRef | null>();
  for (const o of objects) {
    const refs = o.metadata?.ownerReferences ?? [];
    index.set(
      `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`,
      refs.find((r) => r.controller) ?? refs[0] ?? null,
    );
  }
  return index;
}

/**
 * "Expected OOM in ~N min" findings for the workloads of `pods` (the run's
 * target pods; all of a namespace's for a namespace target), from the cost
 * sampler's stored samples of the last hour. Workloads are keyed as the
 * sampler keys them (`Deployment/api`, a bare pod `Pod/x`).
 */
export async function predictedOoms(
  deps: ApiDeps,
  clusterId: string,
  namespace: string,
  given: DiagnosticsInput,
  pods: readonly Pod[],
  now: Date,
): Promise<Finding[]> {
  if (!pods.length) return [];
  const owners = {
    replicaSets: ownerIndex((given.replicaSets ?? []) as Owned[]),
    jobs: ownerIndex((given.jobs ?? []) as Owned[]),
  };
  const workloadOf = (p: Pod) => ownerWorkload(p as never, owners);
  const workloads = [...new Set(pods.map(workloadOf))];
  try {
    const samples = await listWorkloadMemory(deps.prisma, {
      clusterId,
      namespace,
      workloads,
      since: new Date(now.getTime() - PREDICTION_WINDOW_MS),
    });
    const inNamespace = (given.pods ?? []).filter((p) => p.metadata?.namespace === namespace);
    return workloads.flatMap((w) => {
      const [kind = "Pod", ...rest] = w.split("/");
      const found = workloadOomFinding({
        target: { kind, namespace, name: rest.join("/") },
        pods: inNamespace.filter((p) => workloadOf(p) === w),
        samples: samples
          .filter((s) => s.workload === w)
          .map((s) => ({ at: s.at.toISOString(), memoryBytes: s.memUsageGb * GIB, pods: s.pods })),
        now,
      });
      return found ? [found] : [];
    });
  } catch (error) {
    (deps.log ?? defaultLogger()).error(
      { err: error, clusterId },
      "diagnostics: reading usage samples for the OOM prediction failed",
    );
    return [];
  }
}
