import { z } from "zod";
import { ClusterId } from "./clusters";
import { NamespaceName } from "./pods";
import { JsonPatchOp } from "./policies";
import { ObjectName } from "./resources";

/**
 * Diagnostics and alerts (guide features 4 and 12): the shapes the pure
 * analyzers in @clustercord/diagnostics and the noise control in
 * @clustercord/alerts produce, and the procedures will carry.
 */

/** The guide's alert scale: CRITICAL always, HIGH in business hours, MEDIUM daily digest, LOW weekly digest. */
export const Severity = z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"]);
export type Severity = z.infer<typeof Severity>;

/** Most severe first. */
export const severityRank: Readonly<Record<Severity, number>> = {
  CRITICAL: 0,
  HIGH: 1,
  MEDIUM: 2,
  LOW: 3,
};

/** An object a finding is about, or that its evidence points at. `namespace` is null for cluster-scoped kinds. */
export const ObjectRef = z.object({
  kind: z.string().min(1).max(63),
  namespace: z.string().max(63).nullable(),
  name: z.string().min(1).max(253),
});
export type ObjectRef = z.infer<typeof ObjectRef>;

/** What a finding rests on: a field of an object, an event, a log line, a metric, a related object. */
export const Evidence = z.object({
  source: z.enum(["field", "event", "log", "metric", "related"]),
  /** e.g. "containers[api].lastState.terminated.exitCode", "event BackOff ×12", "memory working set" */
  label: z.string().max(200),
  value: z.string().max(2_000),
  /** The object the evidence was read from, when it is not the finding's target. */
  object: ObjectRef.optional(),
  /** ISO time of the event, sample or log line, when known. */
  at: z.string().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/** A patch the YAML confirm path can show as a diff and apply (RFC 6902, to `target`). */
export const FindingFix = z.object({
  description: z.string().max(300),
  target: ObjectRef,
  patch: z.array(JsonPatchOp).min(1).max(50),
});
export type FindingFix = z.infer<typeof FindingFix>;

export const Finding = z.object({
  /** The analyzer's stable id for this kind of problem, e.g. "pod.crash-loop.oom-killed". */
  id: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/),
  severity: Severity,
  target: ObjectRef,
  title: z.string().max(200),
  cause: z.string().max(1_000),
  evidence: z.array(Evidence).max(50),
  recommendations: z.array(z.string().max(500)).max(10),
  fix: FindingFix.optional(),
  /** Same problem on the same object → same fingerprint (history, alert throttling). */
  fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/),
});
export type Finding = z.infer<typeof Finding>;

/** The workload kinds a diagnosis aggregates over their pods. */
export const DiagnosableWorkloadKind = z.enum([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
]);

/** What to diagnose: a pod or workload (in a namespace), a node, or a whole namespace. */
export const DiagnoseTarget = z.discriminatedUnion("kind", [
  z.object({
    kind: z.union([z.literal("Pod"), DiagnosableWorkloadKind]),
    namespace: NamespaceName,
    name: ObjectName,
  }),
  z.object({ kind: z.literal("Node"), name: ObjectName }),
  z.object({ kind: z.literal("Namespace"), name: NamespaceName }),
]);
export type DiagnoseTarget = z.infer<typeof DiagnoseTarget>;

export const DiagnosticsRunInput = z.object({ clusterId: ClusterId, target: DiagnoseTarget });
export type DiagnosticsRunInput = z.input<typeof DiagnosticsRunInput>;

/** What ended a finding's last episode: the audited action on its target in between (e.g. a Helm rollback). */
export const FindingResolvedBy = z.object({
  /** The procedure, e.g. "helm.rollback", "manifests.apply", "pods.delete". */
  action: z.string(),
  /** In words: "rollback to revision 7 of api", "manifests.apply (Apply 1 objects: 1 changed.)". */
  text: z.string().max(300),
  actorId: z.string(),
  actorName: z.string(),
  via: z.string(),
  at: z.string(),
});
export type FindingResolvedBy = z.infer<typeof FindingResolvedBy>;

/** A finding's history by its fingerprint: episodes, open or resolved, and what resolved it last. */
export const FindingHistorySummary = z.object({
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Episodes: a finding that reappears after it resolved counts again. */
  occurrences: z.number().int().min(1),
  open: z.boolean(),
  resolvedAt: z.string().nullable(),
  lastResolvedBy: FindingResolvedBy.nullable(),
  /** "seen 4 times since Mon 24 Nov; last resolved by rollback to revision 7 (ana, Tue 25 Nov)" */
  line: z.string().max(400),
});
export type FindingHistorySummary = z.infer<typeof FindingHistorySummary>;

export const DiagnosticsRunOutput = z.object({
  target: DiagnoseTarget,
  /** Most severe first. */
  findings: z.array(Finding),
  /** The kinds the diagnosis could read (the person's own rights decide), e.g. "pods", "events". */
  read: z.array(z.string()),
  /** Kinds it could not read, so a clean result is not mistaken for a full one. */
  unread: z.array(z.string()),
  checkedAt: z.string(),
  /** Each finding's history on this cluster, by fingerprint (absent when the history could not be read). */
  history: z.record(z.string(), FindingHistorySummary).optional(),
});
export type DiagnosticsRunOutput = z.infer<typeof DiagnosticsRunOutput>;

export const DiagnosticsClusterInput = z.object({ clusterId: ClusterId });
export type DiagnosticsClusterInput = z.input<typeof DiagnosticsClusterInput>;

export const DiagnosticsClusterOutput = z.object({
  /** The whole cluster (someone who may list pods cluster-wide), or the person's namespaces. */
  scope: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("cluster") }),
    z.object({ kind: z.literal("namespaces"), namespaces: z.array(z.string()) }),
  ]),
  /** Most severe first, at most 500; `total` and `bySeverity` count them all. */
  findings: z.array(Finding),
  total: z.number().int().min(0),
  bySeverity: z.record(Severity, z.number().int().min(0)),
  read: z.array(z.string()),
  unread: z.array(z.string()),
  checkedAt: z.string(),
});
export type DiagnosticsClusterOutput = z.infer<typeof DiagnosticsClusterOutput>;
