import { z } from "zod";

/**
 * Cluster policies and manifest lint (guide features 8 and 14): the shapes the
 * pure rules in @clustercord/policy produce and the procedures will carry.
 */

/** The guide's scale (its reports group by CRITICAL/HIGH/MEDIUM); LOW and INFO for lint hints. */
export const PolicySeverity = z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]);
export type PolicySeverity = z.infer<typeof PolicySeverity>;

/** The guide's seven policies. */
export const PolicyKey = z.enum([
  "require-limits",
  "require-probes",
  "no-privileged",
  "read-only-root-fs",
  "no-host-network",
  "no-latest-tag",
  "run-as-non-root",
]);
export type PolicyKey = z.infer<typeof PolicyKey>;

/** Audit: log and allow; Warn: allow with a warning; Enforce: refuse at admission. */
export const PolicyMode = z.enum(["Audit", "Warn", "Enforce"]);
export type PolicyMode = z.infer<typeof PolicyMode>;

const LabelKey = z
  .string()
  .min(1)
  .max(317)
  .regex(
    /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
    "must be a label key such as app.kubernetes.io/name",
  );
const LabelValue = z
  .string()
  .max(63)
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, "must be a label value");
const NamespaceName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a namespace name");

export const LabelSelectorRequirement = z.object({
  key: LabelKey,
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
  values: z.array(LabelValue).max(100).optional(),
});
export const LabelSelector = z.object({
  matchLabels: z.record(LabelKey, LabelValue).optional(),
  matchExpressions: z.array(LabelSelectorRequirement).max(20).optional(),
});
export type LabelSelector = z.infer<typeof LabelSelector>;

/**
 * Where a policy applies: the whole cluster (a dedicated cluster) or the
 * namespaces a selector picks (tenant namespaces on a shared cluster).
 * kube-system is skipped unless `includeKubeSystem`.
 */
export const PolicyScope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("cluster"), includeKubeSystem: z.boolean().optional() }),
  z.object({
    kind: z.literal("namespaces"),
    selector: LabelSelector,
    includeKubeSystem: z.boolean().optional(),
  }),
]);
export type PolicyScope = z.infer<typeof PolicyScope>;

/** Namespaces left out by name, and objects left out when they carry any of these labels. */
export const PolicyExclusions = z.object({
  namespaces: z.array(NamespaceName).max(100).default([]),
  labels: z.record(LabelKey, LabelValue).default({}),
});
export type PolicyExclusions = z.input<typeof PolicyExclusions>;

/** One RFC 6902 operation; `path` is a JSON Pointer into the object. */
export const JsonPatchOp = z.discriminatedUnion("op", [
  z.object({ op: z.literal("add"), path: z.string(), value: z.unknown() }),
  z.object({ op: z.literal("replace"), path: z.string(), value: z.unknown() }),
  z.object({ op: z.literal("remove"), path: z.string() }),
  z.object({ op: z.literal("test"), path: z.string(), value: z.unknown() }),
]);
export type JsonPatchOp = z.infer<typeof JsonPatchOp>;

/** A field inside an object, as keys and indices (what `yaml`'s Document.getIn follows). */
export const FieldPath = z.array(z.union([z.string(), z.number().int().min(0)]));
export type FieldPath = z.infer<typeof FieldPath>;

/** One lint finding on one object. */
export const LintFinding = z.object({
  ruleId: z.string(),
  severity: PolicySeverity,
  title: z.string(),
  message: z.string(),
  /** Where, as keys/indices, and as text: `spec.template.spec.containers[0].resources.limits.cpu`. */
  path: FieldPath,
  field: z.string(),
  container: z.string().optional(),
  /** A patch on this object that removes the finding, when one can be written without more facts. */
  fix: z.array(JsonPatchOp).optional(),
});
export type LintFinding = z.infer<typeof LintFinding>;

/** A policy violation of an existing object, as the background audit finds it. */
export const PolicyViolation = z.object({
  policy: PolicyKey,
  severity: PolicySeverity,
  /** Empty for cluster-scoped objects. */
  namespace: z.string(),
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  /** The container at fault, or null when the fault is the pod's (hostNetwork). */
  container: z.string().nullable(),
  message: z.string(),
  fixAvailable: z.boolean(),
});
export type PolicyViolation = z.infer<typeof PolicyViolation>;

/** A violation as stored between audit passes. */
export const StoredViolation = PolicyViolation.extend({
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  /** Set when a pass no longer finds it. */
  resolvedAt: z.iso.datetime().nullable(),
});
export type StoredViolation = z.infer<typeof StoredViolation>;

// ---- wgpolicyk8s.io/v1alpha2 PolicyReport (the shape Kyverno and Polaris export) ----

export const PolicyReportResult = z.object({
  source: z.string().optional(),
  policy: z.string(),
  rule: z.string().optional(),
  category: z.string().optional(),
  severity: z.enum(["critical", "high", "medium", "low", "info"]).optional(),
  result: z.enum(["pass", "fail", "warn", "error", "skip"]),
  message: z.string().optional(),
  scored: z.boolean().optional(),
  timestamp: z.object({ seconds: z.number().int(), nanos: z.number().int() }).optional(),
  resources: z
    .array(
      z.object({
        apiVersion: z.string().optional(),
        kind: z.string().optional(),
        name: z.string().optional(),
        namespace: z.string().optional(),
        uid: z.string().optional(),
      }),
    )
    .optional(),
  properties: z.record(z.string(), z.string()).optional(),
});
export type PolicyReportResult = z.infer<typeof PolicyReportResult>;

const PolicyReportSummary = z.object({
  pass: z.number().int().min(0),
  fail: z.number().int().min(0),
  warn: z.number().int().min(0),
  error: z.number().int().min(0),
  skip: z.number().int().min(0),
});

export const PolicyReport = z.object({
  apiVersion: z.literal("wgpolicyk8s.io/v1alpha2"),
  kind: z.enum(["PolicyReport", "ClusterPolicyReport"]),
  metadata: z.object({
    name: z.string(),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  summary: PolicyReportSummary,
  results: z.array(PolicyReportResult),
});
export type PolicyReport = z.infer<typeof PolicyReport>;

// ---- procedure inputs (policies.*) ----

/**
 * The guide's own names (`/policy enable type:require-resource-limits`,
 * `/policy fix violation:missing-limits`) for the policy keys.
 */
export const policyKeyAliases: Readonly<Record<string, PolicyKey>> = {
  "require-resource-limits": "require-limits",
  "missing-limits": "require-limits",
  "require-health-probes": "require-probes",
  "missing-probes": "require-probes",
  "prevent-privileged-containers": "no-privileged",
  privileged: "no-privileged",
  "require-read-only-root-filesystem": "read-only-root-fs",
  "prevent-host-networking": "no-host-network",
  "host-network": "no-host-network",
  "prevent-latest-tag": "no-latest-tag",
  "latest-tag": "no-latest-tag",
  "require-non-root-user": "run-as-non-root",
  "runs-as-root": "run-as-non-root",
};

/** A policy key, or one of the guide's names for it; anything else is refused with the list of keys. */
export const PolicyKeyInput = z.preprocess(
  (v) => (typeof v === "string" ? (policyKeyAliases[v.trim().toLowerCase()] ?? v.trim().toLowerCase()) : v),
  z.enum(PolicyKey.options, { error: () => `must be one of ${PolicyKey.options.join(", ")}` }),
);

const ClusterRef = z.object({ clusterId: z.string().min(1).max(64) });

export const PoliciesListInput = ClusterRef;
export type PoliciesListInput = z.infer<typeof PoliciesListInput>;

export const PoliciesEnableInput = ClusterRef.extend({
  policy: PolicyKeyInput,
  mode: PolicyMode.default("Audit"),
  /** Omitted: the whole cluster on a dedicated cluster, the guild's namespaces on a shared one. */
  scope: PolicyScope.optional(),
  exclusions: PolicyExclusions.optional(),
});
export type PoliciesEnableInput = z.input<typeof PoliciesEnableInput>;

export const PoliciesSetModeInput = ClusterRef.extend({ policy: PolicyKeyInput, mode: PolicyMode });
export type PoliciesSetModeInput = z.input<typeof PoliciesSetModeInput>;
export const PoliciesDisableInput = ClusterRef.extend({ policy: PolicyKeyInput });
export type PoliciesDisableInput = z.input<typeof PoliciesDisableInput>;

export const PoliciesViolationsInput = ClusterRef.extend({
  /** This severity and the more severe ones. */
  severity: PolicySeverity.optional(),
  policy: PolicyKeyInput.optional(),
  namespace: NamespaceName.optional(),
  /** `<kind>/<name>`, e.g. Deployment/api. */
  workload: z
    .string()
    .regex(/^[A-Za-z]+\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be <kind>/<name>, such as Deployment/api")
    .optional(),
  includeResolved: z.boolean().default(false),
});
export type PoliciesViolationsInput = z.input<typeof PoliciesViolationsInput>;

export const PoliciesReportInput = ClusterRef.extend({ format: z.enum(["pdf", "json", "csv"]) });
export type PoliciesReportInput = z.infer<typeof PoliciesReportInput>;

export const PoliciesPlanFixInput = ClusterRef.extend({
  policy: PolicyKeyInput,
  namespace: NamespaceName,
  workload: z
    .string()
    .regex(/^[A-Za-z]+\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be <kind>/<name>, such as Deployment/api"),
});
export type PoliciesPlanFixInput = z.input<typeof PoliciesPlanFixInput>;

export const PoliciesFixInput = ClusterRef.extend({
  planId: z.string().min(1).max(64),
  confirmToken: z.string().min(1).max(100),
});
export type PoliciesFixInput = z.infer<typeof PoliciesFixInput>;

export const PoliciesAuditInput = ClusterRef;
export type PoliciesAuditInput = z.infer<typeof PoliciesAuditInput>;

// ---- procedure outputs (policies.*) ----

/** One of the seven policies on one cluster, as the person's guild sees it. */
export const PolicyState = z.object({
  key: PolicyKey,
  title: z.string(),
  description: z.string(),
  severity: PolicySeverity,
  enabled: z.boolean(),
  mode: PolicyMode.nullable(),
  scope: PolicyScope.nullable(),
  exclusions: z.object({ namespaces: z.array(z.string()), labels: z.record(z.string(), z.string()) }),
  /** `ValidatingAdmissionPolicy/clustercord-require-limits`, … when enabled. */
  objects: z.array(z.string()),
  /** Why the live policy objects differ from what ClusterCord made (someone edited or removed them), or null. */
  drift: z.string().nullable(),
  /** Open violations the person may see. */
  violations: z.number().int().min(0),
});
export type PolicyState = z.infer<typeof PolicyState>;

export const PoliciesListOutput = z.object({
  clusterId: z.string(),
  shared: z.boolean(),
  /** The person may enable, change and disable policies here (the owner's admins). */
  canManage: z.boolean(),
  policies: z.array(PolicyState),
  lastAuditAt: z.string().nullable(),
});
export type PoliciesListOutput = z.infer<typeof PoliciesListOutput>;

const SeverityCounts = z.object({
  CRITICAL: z.number().int(),
  HIGH: z.number().int(),
  MEDIUM: z.number().int(),
  LOW: z.number().int(),
  INFO: z.number().int(),
});

export const PoliciesViolationsOutput = z.object({
  clusterId: z.string(),
  /** Most severe first, then namespace, kind, name. */
  violations: z.array(StoredViolation),
  counts: SeverityCounts,
  lastAuditAt: z.string().nullable(),
});
export type PoliciesViolationsOutput = z.infer<typeof PoliciesViolationsOutput>;

export const PoliciesAuditOutput = z.object({
  clusterId: z.string(),
  /** Objects evaluated and violations open after the pass, new and resolved by it. */
  objects: z.number().int(),
  open: z.number().int(),
  opened: z.number().int(),
  resolved: z.number().int(),
  finishedAt: z.string(),
});
export type PoliciesAuditOutput = z.infer<typeof PoliciesAuditOutput>;

/** A report file: both clients offer it as a download / attachment. */
export const PoliciesReportOutput = z.object({
  filename: z.string(),
  contentType: z.string(),
  base64: z.string(),
  bytes: z.number().int(),
  /** The violations it lists. */
  violations: z.number().int(),
});
export type PoliciesReportOutput = z.infer<typeof PoliciesReportOutput>;

/** A fix, planned: the patch, its diff against the live object, and a token for policies.fix. */
export const PolicyFixPlan = z.object({
  clusterId: z.string(),
  policy: PolicyKey,
  namespace: z.string(),
  workload: z.string(),
  /** RFC 6902 on the live object. */
  patch: z.array(JsonPatchOp),
  /** Unified diff, live → fixed (the server's dry-run of the fixed object). */
  diff: z.string(),
  /** What the fix does, per change: "cpu limit 500m (observed peak 210m)". */
  summary: z.array(z.string()),
  warnings: z.array(z.string()),
  planId: z.string(),
  confirmToken: z.string(),
  expiresAt: z.string(),
});
export type PolicyFixPlan = z.infer<typeof PolicyFixPlan>;
