import type { JsonPatchOp, LintFinding, PolicySeverity } from "@clustercord/contracts";
import type { KubeObject } from "../objects";

export type { LintFinding };

/** Facts a fix can use that are not in the object (from metrics, the namespace's LimitRange, the running pods). */
export interface FixContext {
  /** Observed usage per container name: quantities (`120m`, `300Mi`) or numbers (cores, bytes). */
  usage?: Record<string, { cpu?: string | number; memory?: string | number }>;
  /** The namespace's LimitRange default limits for containers. */
  limitRangeDefault?: { cpu?: string; memory?: string };
  /** The image digest each container is running (`sha256:…`), by container name. */
  runningDigests?: Record<string, string>;
}

/** A fix for one object: the patch and what it could not fix (and why). */
export interface FixPlan {
  ruleId: string;
  ops: JsonPatchOp[];
  /** Containers (or "pod") the patch fixes. */
  fixed: string[];
  unfixed: { target: string; reason: string }[];
}

export interface CheckOptions {
  /** Compute each finding's context-free fix (default true; the audit skips them for speed). */
  withFixes?: boolean;
}

export interface LintRule {
  id: string;
  severity: PolicySeverity;
  title: string;
  /** Kinds the rule looks at; other objects give no findings. */
  kinds: readonly string[];
  /** Findings for one object; `batch` is every object applied with it (for cross-object rules). */
  check(object: KubeObject, batch: readonly KubeObject[], options?: CheckOptions): LintFinding[];
  /** A patch that removes this rule's findings on `object`, using `context` where the object is not enough. */
  planFix?(object: KubeObject, context: FixContext): FixPlan | null;
}
