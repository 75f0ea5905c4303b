import {
  type LabelSelector,
  PolicyExclusions,
  type PolicyKey,
  type PolicyMode,
  type PolicyScope,
} from "@clustercord/contracts";
import type { WorkloadKind } from "../objects";
import { containersVariable, podSpecVariable } from "./cel";
import { getPolicy, type PolicyDefinition } from "./definitions";

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "clustercord";
export const POLICY_KEY_LABEL = "policy.clustercord.io/key";
export const POLICY_MODE_ANNOTATION = "policy.clustercord.io/mode";

/** The guide's modes as Kubernetes validationActions (Audit rides along so every violation is in the audit log). */
export const validationActions: Record<PolicyMode, readonly ("Deny" | "Warn" | "Audit")[]> = {
  Audit: ["Audit"],
  Warn: ["Warn", "Audit"],
  Enforce: ["Deny", "Audit"],
};

const kindResources: Record<WorkloadKind, { group: string; resource: string }> = {
  Pod: { group: "", resource: "pods" },
  Deployment: { group: "apps", resource: "deployments" },
  StatefulSet: { group: "apps", resource: "statefulsets" },
  DaemonSet: { group: "apps", resource: "daemonsets" },
  ReplicaSet: { group: "apps", resource: "replicasets" },
  Job: { group: "batch", resource: "jobs" },
  CronJob: { group: "batch", resource: "cronjobs" },
};

/** One resourceRule per API group, for the kinds the policy's rule judges. */
function resourceRules(kinds: readonly string[]) {
  const byGroup = new Map<string, string[]>();
  for (const kind of kinds) {
    const r = kindResources[kind as WorkloadKind];
    if (!r) continue;
    byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r.resource]);
  }
  return [...byGroup].map(([group, resources]) => ({
    apiGroups: [group],
    apiVersions: ["v1"],
    operations: ["CREATE", "UPDATE"],
    resources,
  }));
}

export const policyObjectName = (key: PolicyKey) => `clustercord-${key}`;

export interface PlanPolicyInput {
  policy: PolicyKey | PolicyDefinition;
  mode: PolicyMode;
  scope: PolicyScope;
  exclusions?: PolicyExclusions;
}

/** Namespaces picked by the scope, minus the excluded ones by name (kubernetes.io/metadata.name is set on every namespace). */
function namespaceSelector(scope: PolicyScope, excluded: readonly string[]): LabelSelector | undefined {
  const base: LabelSelector = scope.kind === "namespaces" ? scope.selector : {};
  const expressions = [
    ...(base.matchExpressions ?? []),
    ...(excluded.length > 0
      ? [{ key: "kubernetes.io/metadata.name", operator: "NotIn" as const, values: [...excluded].sort() }]
      : []),
  ];
  const selector: LabelSelector = {
    ...(base.matchLabels && Object.keys(base.matchLabels).length > 0
      ? { matchLabels: base.matchLabels }
      : {}),
    ...(expressions.length > 0 ? { matchExpressions: expressions } : {}),
  };
  return Object.keys(selector).length > 0 ? selector : undefined;
}

/** Objects carrying any of the excluded labels are left out (NotIn also matches objects without the label). */
function objectSelector(labels: Record<string, string>): LabelSelector | undefined {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length > 0
    ? {
        matchExpressions: entries.map(([key, value]) => ({
          key,
          operator: "NotIn" as const,
          values: [value],
        })),
      }
    : undefined;
}

/**
 * The ValidatingAdmissionPolicy and its binding for one policy, mode, scope
 * and exclusions: plain objects for server-side apply with ClusterCord's own
 * credentials.
 */
export function planPolicyObjects(input: PlanPolicyInput) {
  const policy = typeof input.policy === "string" ? getPolicy(input.policy) : input.policy;
  const exclusions = PolicyExclusions.parse(input.exclusions ?? {});
  const name = policyObjectName(policy.key);
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY, [POLICY_KEY_LABEL]: policy.key };
  const nsSelector = namespaceSelector(input.scope, exclusions.namespaces);
  const objSelector = objectSelector(exclusions.labels);

  const admissionPolicy = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name, labels },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: { resourceRules: resourceRules(policy.rule.kinds) },
      ...(input.scope.includeKubeSystem
        ? {}
        : {
            matchConditions: [{ name: "skip-kube-system", expression: "request.namespace != 'kube-system'" }],
          }),
      variables: [podSpecVariable, containersVariable],
      validations: policy.validations.map((v) => ({
        expression: v.expression,
        message: `${v.message} [policy ${policy.key}]`,
        reason: v.reason,
      })),
    },
  };

  const binding = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name, labels, annotations: { [POLICY_MODE_ANNOTATION]: input.mode } },
    spec: {
      policyName: name,
      validationActions: [...validationActions[input.mode]],
      ...(nsSelector || objSelector
        ? {
            matchResources: {
              ...(nsSelector ? { namespaceSelector: nsSelector } : {}),
              ...(objSelector ? { objectSelector: objSelector } : {}),
            },
          }
        : {}),
    },
  };

  return [admissionPolicy, binding] as const;
}
