import type { JsonPatchOp, LintFinding, PolicySeverity } from "@clustercord/contracts";
import {
  type ContainerList,
  type ContainerRef,
  containersOf,
  findPodSpec,
  type KubeObject,
  type PodSpecRef,
  type WorkloadKind,
  workloadKinds,
} from "../objects";
import { applyJsonPatch } from "../patch";
import { type FieldPath, fieldText } from "../path";
import type { FixContext, FixPlan, LintRule } from "./types";

export interface Problem {
  path: FieldPath;
  message: string;
}

/** A fix result: ops, or why none can be written. */
export type FixResult = JsonPatchOp[] | { reason: string };

interface BaseDef {
  id: string;
  severity: PolicySeverity;
  title: string;
  kinds?: readonly WorkloadKind[];
  /** Objects of a matching kind the rule still leaves alone (Pods started by Jobs, for probes). */
  exempt?: (object: KubeObject) => boolean;
}

export interface ContainerRuleDef extends BaseDef {
  lists?: readonly ContainerList[];
  problems(c: ContainerRef, pod: PodSpecRef): Problem[];
  /** Ops computed on `object` (the current state, earlier containers' fixes applied). */
  fix?(object: KubeObject, c: ContainerRef, pod: PodSpecRef, context: FixContext): FixResult;
}

export interface PodRuleDef extends BaseDef {
  problems(pod: PodSpecRef, object: KubeObject): Problem[];
  fix?(object: KubeObject, pod: PodSpecRef, context: FixContext): FixResult;
}

const toFinding = (
  def: BaseDef,
  p: Problem,
  container: string | undefined,
  fix: FixResult | undefined,
): LintFinding => ({
  ruleId: def.id,
  severity: def.severity,
  title: def.title,
  message: p.message,
  path: p.path,
  field: fieldText(p.path),
  ...(container === undefined ? {} : { container }),
  ...(fix && Array.isArray(fix) && fix.length > 0 ? { fix } : {}),
});

function podOf(def: BaseDef, object: KubeObject): PodSpecRef | null {
  const pod = findPodSpec(object);
  if (!pod || !(def.kinds ?? workloadKinds).includes(pod.kind)) return null;
  return def.exempt?.(object) ? null : pod;
}

/** A rule judged container by container (regular and init containers unless `lists` says otherwise). */
export function defineContainerRule(def: ContainerRuleDef): LintRule {
  const failing = (object: KubeObject) => {
    const pod = podOf(def, object);
    if (!pod) return [];
    return containersOf(pod, def.lists)
      .map((c) => ({ c, pod, problems: def.problems(c, pod) }))
      .filter((f) => f.problems.length > 0);
  };
  return {
    id: def.id,
    severity: def.severity,
    title: def.title,
    kinds: def.kinds ?? workloadKinds,
    check(object, _batch, options) {
      return failing(object).flatMap(({ c, pod, problems }) => {
        const fix = options?.withFixes === false ? undefined : def.fix?.(object, c, pod, {});
        return problems.map((p) => toFinding(def, p, c.name, fix));
      });
    },
    planFix: def.fix
      ? (object, context) => {
          const plan: FixPlan = { ruleId: def.id, ops: [], fixed: [], unfixed: [] };
          let working = object;
          for (const { c, pod } of failing(object)) {
            // Container paths do not move: fixes only add or replace fields inside containers.
            const result = def.fix?.(working, c, pod, context) ?? { reason: "no fix" };
            if (!Array.isArray(result)) {
              plan.unfixed.push({ target: c.name, reason: result.reason });
              continue;
            }
            working = applyJsonPatch(working, result);
            plan.ops.push(...result);
            plan.fixed.push(c.name);
          }
          return plan.ops.length > 0 || plan.unfixed.length > 0 ? plan : null;
        }
      : undefined,
  };
}

/** A rule about the pod as a whole (host namespaces, volumes, scheduling). */
export function definePodRule(def: PodRuleDef): LintRule {
  return {
    id: def.id,
    severity: def.severity,
    title: def.title,
    kinds: def.kinds ?? workloadKinds,
    check(object, _batch, options) {
      const pod = podOf(def, object);
      if (!pod) return [];
      const problems = def.problems(pod, object);
      if (problems.length === 0) return [];
      const fix = options?.withFixes === false ? undefined : def.fix?.(object, pod, {});
      return problems.map((p) => toFinding(def, p, undefined, fix));
    },
    planFix: def.fix
      ? (object, context) => {
          const pod = podOf(def, object);
          if (!pod || def.problems(pod, object).length === 0) return null;
          const result = def.fix?.(object, pod, context) ?? { reason: "no fix" };
          return Array.isArray(result)
            ? { ruleId: def.id, ops: result, fixed: ["pod"], unfixed: [] }
            : { ruleId: def.id, ops: [], fixed: [], unfixed: [{ target: "pod", reason: result.reason }] };
        }
      : undefined,
  };
}
