import { z } from "zod";
import { ClusterId } from "./clusters";
import { NamespaceName } from "./pods";
import { JsonPatchOp, PolicyKey, PolicySeverity } from "./policies";

/**
 * YAML validate and apply (guide feature 8): parse → schema → server-side
 * dry-run → lint → diff, then apply after confirm. Both clients send files as
 * they are; the API parses them (never the client).
 */

export const MANIFEST_LIMITS = {
  /** Decoded bytes of every file together (archives: their unpacked content). */
  totalBytes: 1024 * 1024,
  documents: 500,
  files: 100,
  /** Entries an archive may hold (directories included). */
  archiveEntries: 1000,
} as const;

/** base64 of 1 MiB, plus padding: the edge refuses anything longer before decoding it. */
const MAX_FIELD_CHARS = Math.ceil((MANIFEST_LIMITS.totalBytes * 4) / 3) + 4;

export const ManifestFile = z
  .object({
    /** What the person calls it (`deploy/api.yaml`, `bundle.zip`): named in every finding. */
    name: z
      .string()
      .min(1)
      .max(255)
      .refine((n) => ![...n].some((c) => c.charCodeAt(0) < 32), "must not contain control characters"),
    /**
     * utf8: the text of a YAML or JSON file (several documents allowed).
     * base64: a .zip, .tar, .tar.gz or .tgz archive of such files, read recursively.
     */
    encoding: z.enum(["utf8", "base64"]).default("utf8"),
    content: z.string().max(MAX_FIELD_CHARS, "is larger than 1 MiB"),
  })
  .refine((f) => f.encoding === "base64" || f.content.length <= MANIFEST_LIMITS.totalBytes, {
    path: ["content"],
    message: "is larger than 1 MiB",
  });
export type ManifestFile = z.input<typeof ManifestFile>;

export const ManifestsInput = z
  .object({
    clusterId: ClusterId,
    files: z.array(ManifestFile).min(1, "give at least one file").max(MANIFEST_LIMITS.files),
    /** The namespace for objects that name none (like kubectl's -n). */
    namespace: NamespaceName.optional(),
  })
  .superRefine((input, ctx) => {
    const chars = input.files.reduce((n, f) => n + f.content.length, 0);
    if (chars > MAX_FIELD_CHARS) {
      ctx.addIssue({ code: "custom", path: ["files"], message: "together are larger than 1 MiB" });
    }
  });
export type ManifestsInput = z.input<typeof ManifestsInput>;

/** The six steps, in the order they run. */
export const ManifestStep = z.enum(["parse", "schema", "dryRun", "lint", "diff", "apply"]);
export type ManifestStep = z.infer<typeof ManifestStep>;

/** skipped: an earlier step failed, so this one did not run. */
export const ManifestStepStatus = z.enum(["passed", "warnings", "failed", "skipped"]);
export type ManifestStepStatus = z.infer<typeof ManifestStepStatus>;

/** Where a finding is: file, document (1-based, as people count), line and column (1-based). */
export const ManifestLocation = z.object({
  file: z.string(),
  document: z.number().int().min(1).nullable(),
  line: z.number().int().min(1).nullable(),
  column: z.number().int().min(1).nullable(),
});
export type ManifestLocation = z.infer<typeof ManifestLocation>;

export const ManifestFinding = ManifestLocation.extend({
  step: ManifestStep,
  /** error stops the flow; warning and info do not. */
  level: z.enum(["error", "warning", "info"]),
  /** `Deployment shop/api`, or null when the document never became an object. */
  object: z.string().nullable(),
  /** `spec.template.spec.containers[0].resources.limits.cpu`, or null for the whole object. */
  field: z.string().nullable(),
  message: z.string(),
  /** Lint rule or policy that found it (lint and policy answers only). */
  ruleId: z.string().optional(),
  severity: PolicySeverity.optional(),
  /** Set when a ClusterCord policy gave this answer at admission (Deny or Warn). */
  policy: PolicyKey.optional(),
  /** A patch on the object that removes the finding, when one is known. */
  fix: z.array(JsonPatchOp).optional(),
});
export type ManifestFinding = z.infer<typeof ManifestFinding>;

export const ManifestStepResult = z.object({
  step: ManifestStep,
  status: ManifestStepStatus,
  /** One line: "12 objects valid against the cluster's schema", "2 errors in api.yaml". */
  summary: z.string(),
  findings: z.array(ManifestFinding),
});
export type ManifestStepResult = z.infer<typeof ManifestStepResult>;

export const ManifestChange = z.enum(["created", "changed", "unchanged"]);
export type ManifestChange = z.infer<typeof ManifestChange>;

export const ManifestObject = ManifestLocation.extend({
  apiVersion: z.string(),
  kind: z.string(),
  /** null for cluster-scoped objects. */
  namespace: z.string().nullable(),
  name: z.string(),
  /** Position in apply order (0 first): CRDs, Namespaces, RBAC, config, Services, workloads, the rest. */
  order: z.number().int().min(0),
  /** null when the flow stopped before the diff. */
  change: ManifestChange.nullable(),
  /** Unified diff of the dry-run result against the live object (managedFields/status stripped, Secret values masked). */
  diff: z.string(),
});
export type ManifestObject = z.infer<typeof ManifestObject>;

export const ManifestValidation = z.object({
  clusterId: ClusterId,
  /** The namespace used for objects that named none. */
  namespace: z.string(),
  /** Always six entries, in ManifestStep order ("apply" is skipped here). */
  steps: z.array(ManifestStepResult),
  /** In apply order. */
  objects: z.array(ManifestObject),
  counts: z.object({
    files: z.number().int(),
    documents: z.number().int(),
    objects: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
    created: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
  }),
  /** No step failed: the batch may be applied. */
  ok: z.boolean(),
});
export type ManifestValidation = z.infer<typeof ManifestValidation>;

/** A validation that passed is also a plan: its id and a token bound to its hash, the person and the guild. */
export const ManifestPlan = ManifestValidation.extend({
  planId: z.string().nullable(),
  confirmToken: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type ManifestPlan = z.infer<typeof ManifestPlan>;

export const ManifestsApplyInput = z.object({
  clusterId: ClusterId,
  planId: z.string().min(1).max(64),
  confirmToken: z.string().min(1).max(100),
});
export type ManifestsApplyInput = z.infer<typeof ManifestsApplyInput>;

/** Kubernetes has no transactions: each object says whether it was applied, failed, or never attempted. */
export const ManifestApplyOutcome = z.enum(["applied", "failed", "not-attempted"]);
export type ManifestApplyOutcome = z.infer<typeof ManifestApplyOutcome>;

export const ManifestApplyResult = z.object({
  planId: z.string(),
  clusterId: ClusterId,
  status: z.enum(["applied", "failed"]),
  /** One sentence: "Applied 12 objects." / "Stopped at Deployment shop/api: 3 applied, 1 failed, 8 not attempted." */
  message: z.string(),
  objects: z.array(
    z.object({
      apiVersion: z.string(),
      kind: z.string(),
      namespace: z.string().nullable(),
      name: z.string(),
      result: ManifestApplyOutcome,
      /** The cluster's own message for a failure; "" otherwise. */
      message: z.string(),
    }),
  ),
  /** Admission warnings (a Warn-mode policy among them), as `Kind ns/name: text`. */
  warnings: z.array(z.string()),
  /** When a ClusterCord policy refused the failed object: which one, and its fix. */
  deniedBy: z
    .object({ policy: PolicyKey, message: z.string(), fix: z.array(JsonPatchOp).optional() })
    .nullable(),
});
export type ManifestApplyResult = z.infer<typeof ManifestApplyResult>;
