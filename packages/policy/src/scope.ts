import { PolicyExclusions, type PolicyScope } from "@clustercord/contracts";
import { type KubeObject, namespaceOf } from "./objects";
import { selectorMatches } from "./selectors";

/** Where a policy is enabled: what planPolicyObjects turns into the binding and the kube-system condition. */
export interface PolicyPlacement {
  scope: PolicyScope;
  exclusions?: PolicyExclusions;
}

/** A namespace's labels, as the namespace cache holds them. */
export type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

/**
 * Whether admission would judge `object` under this placement: the same
 * kube-system condition, namespace selector and exclusions that
 * planPolicyObjects writes, so the audit reports only what admission would
 * refuse.
 */
export function placementCovers(
  object: KubeObject,
  placement: PolicyPlacement,
  namespaceLabels: NamespaceLabels = () => undefined,
): boolean {
  const ns = namespaceOf(object);
  const exclusions = PolicyExclusions.parse(placement.exclusions ?? {});
  if (ns === "kube-system" && !placement.scope.includeKubeSystem) return false;
  if (exclusions.namespaces.includes(ns)) return false;
  const labels = object.metadata?.labels ?? {};
  if (Object.entries(exclusions.labels).some(([k, v]) => labels[k] === v)) return false;
  if (placement.scope.kind === "cluster") return true;
  // Kubernetes sets kubernetes.io/metadata.name on every namespace.
  const nsLabels = { ...namespaceLabels(ns), "kubernetes.io/metadata.name": ns };
  return selectorMatches(placement.scope.selector, nsLabels);
}
