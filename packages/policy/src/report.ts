import type {
  PolicyKey,
  PolicyReport,
  PolicyReportResult,
  PolicySeverity,
  PolicyViolation,
  StoredViolation,
} from "@clustercord/contracts";

import { policyByKey } from "./policies/definitions";

export const REPORT_NAME = "clustercord-policy-report";
export const REPORT_SOURCE = "clustercord";

const isStored = (v: PolicyViolation | StoredViolation): v is StoredViolation => "lastSeen" in v;

function timestamp(date: Date) {
  const ms = date.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

function result(v: PolicyViolation | StoredViolation, now: Date): PolicyReportResult {
  return {
    source: REPORT_SOURCE,
    policy: v.policy,
    rule: v.policy,
    category: policyByKey.get(v.policy as PolicyKey)?.category ?? "Pod Security",
    severity: v.severity.toLowerCase() as Lowercase<PolicySeverity>,
    result: "fail",
    message: v.message,
    scored: true,
    timestamp: timestamp(isStored(v) ? new Date(v.lastSeen) : now),
    resources: [
      {
        apiVersion: v.apiVersion,
        kind: v.kind,
        name: v.name,
        ...(v.namespace ? { namespace: v.namespace } : {}),
        ...(v.uid ? { uid: v.uid } : {}),
      },
    ],
    properties: {
      ...(v.container ? { container: v.container } : {}),
      fixAvailable: String(v.fixAvailable),
      ...(isStored(v) ? { firstSeen: v.firstSeen } : {}),
    },
  };
}

/**
 * Violations as wgpolicyk8s.io/v1alpha2 reports: one PolicyReport per
 * namespace, a ClusterPolicyReport for cluster-scoped objects. Resolved
 * violations are left out (a report lists what fails now).
 */
export function toPolicyReports(
  violations: readonly (PolicyViolation | StoredViolation)[],
  options: { now: Date; cluster?: string },
): PolicyReport[] {
  const byNamespace = new Map<string, PolicyReportResult[]>();
  for (const v of violations) {
    if (isStored(v) && v.resolvedAt !== null) continue;
    byNamespace.set(v.namespace, [...(byNamespace.get(v.namespace) ?? []), result(v, options.now)]);
  }
  return [...byNamespace]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([namespace, results]) => ({
      apiVersion: "wgpolicyk8s.io/v1alpha2",
      kind: namespace === "" ? "ClusterPolicyReport" : "PolicyReport",
      metadata: {
        name: REPORT_NAME,
        ...(namespace === "" ? {} : { namespace }),
        labels: {
          "app.kubernetes.io/managed-by": "clustercord",
          ...(options.cluster ? { "clustercord.io/cluster": options.cluster } : {}),
        },
      },
      summary: { pass: 0, fail: results.length, warn: 0, error: 0, skip: 0 },
      results,
    }));
}

/** Counts per severity, most severe first (the report's headline). */
export function countBySeverity(violations: readonly PolicyViolation[]): Record<PolicySeverity, number> {
  const counts: Record<PolicySeverity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 };
  for (const v of violations) counts[v.severity]++;
  return counts;
}
