import type { PolicyKey, PolicyViolation, StoredViolation } from "@clustercord/contracts";
import type { FixContext } from "./lint/types";
import { isWorkloadKind, type KubeObject } from "./objects";
import { getPolicy, type PolicyDefinition } from "./policies/definitions";
import { type NamespaceLabels, type PolicyPlacement, placementCovers } from "./scope";

/** A policy the audit runs: everywhere, or where it is bound (scope and exclusions, as admission sees them). */
export type EnabledPolicy = PolicyKey | PolicyDefinition | ({ policy: PolicyKey } & PolicyPlacement);

export interface AuditOptions {
  /** Facts for fixes (metrics, LimitRange defaults, running digests) per object; without them only context-free fixes count. */
  fixContext?: (object: KubeObject) => FixContext;
  /** Namespace labels for namespace-scoped placements. */
  namespaceLabels?: NamespaceLabels;
}

/** Objects a workload controller made: their owner is audited instead, so each problem is reported once, where people edit it. */
const ownedByWorkload = (object: KubeObject) =>
  (object.metadata?.ownerReferences ?? []).some((r) => r?.controller === true && isWorkloadKind(r.kind));

/** The background audit: the policies' TS rules over existing objects, one violation per object, policy and container. */
export function auditObjects(
  objects: Iterable<KubeObject>,
  enabled: readonly EnabledPolicy[],
  options: AuditOptions = {},
): PolicyViolation[] {
  const policies = enabled.map((p) =>
    typeof p === "string"
      ? { policy: getPolicy(p), placement: null }
      : "rule" in p
        ? { policy: p, placement: null }
        : { policy: getPolicy(p.policy), placement: p },
  );
  const out: PolicyViolation[] = [];
  for (const object of objects) {
    if (!isWorkloadKind(object.kind) || ownedByWorkload(object)) continue;
    for (const { policy, placement } of policies) {
      if (placement && !placementCovers(object, placement, options.namespaceLabels)) continue;
      const findings = policy.rule.check(object, [], { withFixes: false });
      if (findings.length === 0) continue;
      const plan = policy.rule.planFix?.(object, options.fixContext?.(object) ?? {});
      const fixed = new Set(plan?.fixed ?? []);
      const byContainer = new Map<string | null, string[]>();
      for (const f of findings) {
        const key = f.container ?? null;
        byContainer.set(key, [...(byContainer.get(key) ?? []), f.message]);
      }
      for (const [container, messages] of byContainer) {
        out.push({
          policy: policy.key,
          severity: policy.severity,
          namespace: object.metadata?.namespace ?? "",
          apiVersion: object.apiVersion ?? "",
          kind: object.kind,
          name: object.metadata?.name ?? "",
          ...(object.metadata?.uid ? { uid: object.metadata.uid } : {}),
          container,
          message: messages.join("; "),
          fixAvailable: fixed.has(container ?? "pod"),
        });
      }
    }
  }
  return out;
}

/** Identity of a violation across passes (the uid is left out: a recreated object keeps its history). */
export const violationKey = (v: PolicyViolation) =>
  [v.policy, v.namespace, v.kind, v.name, v.container ?? ""].join("\u0000");

/**
 * Merge a pass into the stored violations: still there -> first-seen kept,
 * last-seen now; gone -> resolved now; back after being resolved -> a new
 * occurrence. Resolved ones not seen again are kept as they are (pruning is
 * the caller's).
 */
export function reconcileViolations(
  previous: readonly StoredViolation[],
  current: readonly PolicyViolation[],
  now: Date,
): { violations: StoredViolation[]; opened: number; resolved: number } {
  const at = now.toISOString();
  const before = new Map(previous.map((v) => [violationKey(v), v]));
  const seen = new Set<string>();
  const violations: StoredViolation[] = [];
  let opened = 0;
  for (const v of current) {
    const key = violationKey(v);
    if (seen.has(key)) continue;
    seen.add(key);
    const old = before.get(key);
    const stillOpen = old !== undefined && old.resolvedAt === null;
    if (!stillOpen) opened++;
    violations.push({ ...v, firstSeen: stillOpen ? old.firstSeen : at, lastSeen: at, resolvedAt: null });
  }
  let resolved = 0;
  for (const [key, old] of before) {
    if (seen.has(key)) continue;
    if (old.resolvedAt === null) resolved++;
    violations.push(old.resolvedAt === null ? { ...old, resolvedAt: at } : old);
  }
  return { violations, opened, resolved };
}
